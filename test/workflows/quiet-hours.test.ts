/**
 * Quiet hours on the time-skipping server, with the real workers, bundle, database and Telegram
 * emulator: listings ready inside PUBLISH_QUIET_HOURS wait on a durable timer ("waiting for
 * HH:MM" in their progress and post report), survive a restart of every worker, and go out once
 * the range ends, oldest first. The hours pass as workflow time, skipped by the server.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { ALL_TASK_QUEUES, TASK_QUEUES } from '../../src/common/task-queues';
import { postProgressQuery, postWorkflowId, type PostInput, type PostProgress, type ProcessPostResult } from '../../src/common/posts';
import { parseQuietHours, quietHoursHold, type QuietHours } from '../../src/common/quiet-hours';
import { SEARCH_ATTRIBUTE_KEYS } from '../../src/common/search-attributes';
import { lookupPost } from '../../src/client/post-lookup';
import { formatPostReport } from '../../src/client/post-report-text';
import { findBinary } from '../../src/temporal/binaries';
import { createWorkers } from '../../src/workers/create-workers';
import { startPipelineParts, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { sharedWorkflowBundle, testConfig } from '../harness/temporal';
import { testDataConverter } from '../harness/codec';
import { waitFor } from '../harness/wait-for';
import { recordHistory } from '../harness/histories';

const MINUTE = 60_000;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

// Run by `npm run test:quiet-hours` (QUIET_HOURS_TIME_SKIPPING=1): on the time-skipping server this file
// has failed about one run in three (the server skipped time while a workflow task ran), so it stays out
// of the default suite until it is stable; test/config/quiet-hours.test.ts covers the rule itself.
const describeTimeSkipping = process.env.QUIET_HOURS_TIME_SKIPPING === '1' ? describe : describe.skip;

describeTimeSkipping('quiet hours on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let parts: PipelineParts;
  let hours: QuietHours;
  let endsAtMs: number;

  beforeAll(async () => {
    const path = findBinary('testServer');
    if (!path) throw new Error('temporal-test-server not found: `npm test` installs it, or set TEMPORAL_TEST_SERVER_PATH');
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } }, client: { dataConverter: testDataConverter() } });
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
    // Quiet hours that began a minute ago (server time, UTC) and last two hours: "tonight".
    const now = await env.currentTimeMs();
    const minuteOfDay = Math.floor((now % 86_400_000) / MINUTE);
    const start = (minuteOfDay + 1439) % 1440;
    hours = parseQuietHours(`${hhmm(start)}-${hhmm(start + 120)}`);
    endsAtMs = Math.floor(now / MINUTE) * MINUTE - MINUTE + 120 * MINUTE;
    parts = await startPipelineParts({ quietHours: hours, timeZone: 'UTC' });
  });
  afterAll(async () => {
    await env?.teardown();
    await parts?.close();
  });

  /** Runs `work` while a fresh set of the product's workers polls (they stop when it is done). */
  const withWorkers = async <T>(work: () => Promise<T>, overrides: Partial<WorkerOptions> = {}): Promise<T> => {
    const workers: Worker[] = await createWorkers({
      overrides,
      connection: env.nativeConnection,
      config: testConfig({ TEMPORAL_NAMESPACE: env.namespace ?? 'default', PUBLISH_RATE_PER_MINUTE: '600' }),
      activities: parts.activities,
      queues: ALL_TASK_QUEUES,
      workflows: sharedWorkflowBundle(),
    });
    return workers.reduce<() => Promise<T>>((inner, w) => () => w.runUntil(inner()), work)();
  };

  const channel = () => parts.telegramEmulator.sentMessages(TEST_CHANNEL);
  const ads = [
    { make: 'Toyota', text: 'Продаю Toyota Camry 2018, 80 000 км, 2.5 бензин, автомат, 13 500 000 тг, Алматы, +7 701 111 22 33' },
    { make: 'Hyundai', text: 'Продаю Hyundai Tucson 2020, 40 000 км, 2.0 бензин, автомат, 14 200 000 тг, Астана, +7 702 222 33 44' },
    { make: 'Kia', text: 'Продаю Kia Sportage 2019, 60 000 км, 2.0 дизель, автомат, 12 800 000 тг, Шымкент, +7 705 333 44 55' },
  ];
  const posts: PostInput[] = ads.map((ad, i) => ({ source: '@night_cars', messageId: 501 + i, text: ad.text }));
  const workflowIds = posts.map((p) => postWorkflowId(p.source, p.messageId));
  /** The result once the run has closed, waited for by description (which never skips time). */
  const closedResult = async (workflowId: string): Promise<ProcessPostResult> => {
    const handle = env.client.workflow.getHandle(workflowId);
    await waitFor(async () => (await handle.describe()).status.name !== 'RUNNING', { timeoutMs: 60_000, what: `${workflowId} closed` });
    return (await handle.result()) as ProcessPostResult;
  };
  const progressOf = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(postProgressQuery);

  test('listings ready at night wait for the end, survive a restart, then go out oldest first', async () => {
    // Three listings become ready ten minutes apart during the quiet hours.
    const held: PostProgress[] = await withWorkers(async () => {
      const seen: PostProgress[] = [];
      for (const [i, post] of posts.entries()) {
        await env.client.workflow.start('processPost', { taskQueue: TASK_QUEUES.workflows, workflowId: workflowIds[i], args: [{ post }] });
        seen.push(await waitFor(async () => {
          const p = await progressOf(workflowIds[i]);
          return p.waiting ? p : undefined;
        }, { timeoutMs: 60_000, what: `${workflowIds[i]} waiting for the quiet hours to end` }));
        if (i === 0) {
          // What `post status` and GET /posts/{id} show (read before any time is skipped: the
          // lookup compares the server's times with this machine's clock).
          const report = await lookupPost(env.client, parts.store, { kind: 'workflow', workflowId: workflowIds[0], source: post.source, messageId: post.messageId });
          expect(report?.progress?.waiting?.text).toBe(`waiting for ${hhmm(hours.endMinute)}`);
          expect(formatPostReport(report!)).toContain(`Waiting: waiting for ${hhmm(hours.endMinute)} (quiet hours; goes out at`);
        }
        if (i < posts.length - 1) await env.sleep(10 * MINUTE);
      }
      return seen;
      // No workflow cache (so no sticky queues) in these workers: the time-skipping server never
      // moves a task off a stopped worker's sticky queue (the dev server does, after 5 s), and
      // under load it has left sticky tasks unanswered until their timeout.
    }, { maxCachedWorkflows: 0 });

    const end = hhmm(hours.endMinute);
    for (const progress of held) {
      expect(progress).toMatchObject({ step: 'publish', waiting: { reason: 'quiet-hours', text: `waiting for ${end}` } });
      expect(Date.parse(progress.waiting!.until)).toBeGreaterThanOrEqual(endsAtMs);
    }
    // Released in the order they became ready, seconds apart after the end.
    const until = held.map((p) => Date.parse(p.waiting!.until));
    expect(until[0]).toBeLessThan(until[1]);
    expect(until[1]).toBeLessThan(until[2]);
    expect(until[2] - endsAtMs).toBeLessThan(MINUTE);
    expect(channel()).toHaveLength(0);

    // Every worker was stopped; new ones pick the timers up from the server's history.
    const results = await withWorkers(async () => {
      // A second before the end: still held. (No query here: on the time-skipping server a query
      // to a workflow waiting on a timer may leave its next task unanswered on the sticky queue.)
      await env.sleep(endsAtMs - (await env.currentTimeMs()) - 1000);
      expect(channel()).toHaveLength(0);
      // Then time moves to each release in turn (skipped time is instant, so it is moved by hand:
      // each listing's send must have happened before the next one's timer may fire).
      for (let i = 0; i < until.length; i++) {
        await env.sleep(Math.max(0, until[i] - (await env.currentTimeMs())) + 10);
        await waitFor(() => channel().length > i, { timeoutMs: 60_000, what: `listing ${i + 1} in the channel after its release` });
        expect(channel()).toHaveLength(i + 1);
      }
      // Closed, read without skipping time (awaiting a result lets the server skip it even past a
      // workflow task in flight, which then times out).
      return Promise.all(workflowIds.map((id) => closedResult(id)));
    }, { maxCachedWorkflows: 0 });

    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published']);
    await recordHistory(env.client.workflow.getHandle(workflowIds[0]), 'process-post-quiet-hours');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(endsAtMs);
    // Oldest first: the channel shows them in the order they became ready.
    const order = channel().map((m) => ads.findIndex((ad) => m.plainText.includes(ad.make)));
    expect(order).toEqual([0, 1, 2]);
    // Published after the end (workflow time): the last event of each run is past it.
    for (const id of workflowIds) {
      const events = (await env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const last = events[events.length - 1];
      expect(Number(last?.eventTime?.seconds ?? 0) * 1000).toBeGreaterThanOrEqual(endsAtMs);
    }
  });

  test('outside the quiet hours a listing goes out at once', async () => {
    const post: PostInput = { source: '@night_cars', messageId: 601, text: 'Продаю Lexus RX 2017, 90 000 км, 3.5 бензин, автомат, 21 000 000 тг, Алматы, +7 707 444 55 66' };
    // Outside the quiet hours, wherever the server's clock stands now (it may have been skipped on).
    const now = await env.currentTimeMs();
    const inside = quietHoursHold(hours, now, 'UTC');
    if (inside) await env.sleep(inside.endsAtMs - now + MINUTE);
    expect(quietHoursHold(hours, await env.currentTimeMs(), 'UTC')).toBeUndefined();
    const workflowId = postWorkflowId(post.source, post.messageId);
    const result = await withWorkers(async () => {
      await env.client.workflow.start('processPost', { taskQueue: TASK_QUEUES.workflows, workflowId, args: [{ post }] });
      return closedResult(workflowId);
    });
    expect((result as ProcessPostResult).status).toBe('published');
    // No timer, and well under a minute of workflow time from its start to its close (read from
    // its history: the server's clock may have been skipped on for other reasons meanwhile).
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    expect(events.some((e) => e.timerStartedEventAttributes)).toBe(false);
    const seconds = (e: (typeof events)[number] | undefined) => Number(e?.eventTime?.seconds ?? 0);
    expect(seconds(events[events.length - 1]) - seconds(events[0])).toBeLessThan(60);
  });
});
