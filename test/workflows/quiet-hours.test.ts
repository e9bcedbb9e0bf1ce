/**
 * Quiet hours on the time-skipping server, with the real workers, bundle, database and Telegram
 * emulator: listings ready inside PUBLISH_QUIET_HOURS wait on a durable timer ("waiting for
 * HH:MM" in their progress and post report), survive a restart of every worker, and go out once
 * the range ends, oldest first. The hours pass as workflow time, skipped by the server — moved
 * only while every post is parked on its timer (test/harness/time-skipping.ts says why).
 */
import type { Client } from '@temporalio/client';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { ALL_TASK_QUEUES } from '../../src/common/task-queues';
import { postProgressQuery, type PostInput, type PostProgress, type ProcessPostResult } from '../../src/common/posts';
import { parseQuietHours, quietHoursHold, type QuietHours } from '../../src/common/quiet-hours';
import { startPostWorkflow } from '../../src/client/start-post';
import { lookupPost } from '../../src/client/post-lookup';
import { formatPostReport } from '../../src/client/post-report-text';
import { createWorkers } from '../../src/workers/create-workers';
import { startPipelineParts, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { sharedWorkflowBundle, testConfig } from '../harness/temporal';
import { closedResult, plainClient, startTimeSkipping, timerFiresAt, waitUntilParked, type TimeSkippingServer } from '../harness/time-skipping';
import { waitFor } from '../harness/wait-for';
import { recordHistory } from '../harness/histories';

const MINUTE = 60_000;
/**
 * The quiet hours' length. Listings ready an hour apart in them are released 6 s apart in the
 * morning (the night compressed 600-fold): room for the workers to send each before the next one's
 * timer fires, as server time runs on at the speed of the clock while the test waits.
 */
const NIGHT_MINUTES = 360;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

describe('quiet hours on the time-skipping server', () => {
  let ts: TimeSkippingServer;
  /** The product's client side (its interceptors: posts carry the quiet hours), never moving time. */
  let client: Client;
  let parts: PipelineParts;
  let hours: QuietHours;
  let endsAtMs: number;

  beforeAll(async () => {
    ts = await startTimeSkipping();
    // Quiet hours that began a minute ago (server time, UTC) and last six hours: "tonight".
    const now = await ts.env.currentTimeMs();
    const minuteOfDay = Math.floor((now % 86_400_000) / MINUTE);
    const start = (minuteOfDay + 1439) % 1440;
    hours = parseQuietHours(`${hhmm(start)}-${hhmm(start + NIGHT_MINUTES)}`);
    endsAtMs = Math.floor(now / MINUTE) * MINUTE - MINUTE + NIGHT_MINUTES * MINUTE;
    // The posts are started as every intake starts them, by a client of the product's: the quiet
    // hours travel in their input. The workers' own setting stays unset, so the hold can only
    // come from there.
    client = plainClient(ts.env, testConfig({ PUBLISH_QUIET_HOURS: hours.text, SCHEDULE_TIMEZONE: 'UTC' }));
    parts = await startPipelineParts();
  });
  afterAll(async () => {
    await ts?.env.teardown();
    await parts?.close();
  });

  /** Runs `work` while a fresh set of the product's workers polls (they stop when it is done). */
  const withWorkers = async <T>(work: () => Promise<T>, overrides: Partial<WorkerOptions> = {}): Promise<T> => {
    const workers: Worker[] = await createWorkers({
      overrides,
      connection: ts.env.nativeConnection,
      config: testConfig({ TEMPORAL_NAMESPACE: ts.namespace, PUBLISH_RATE_PER_MINUTE: '600' }),
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
  const workflowIds: string[] = [];
  const progressOf = (workflowId: string) => client.workflow.getHandle(workflowId).query(postProgressQuery);
  const historyOf = async (workflowId: string) => (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  /** Moves workflow time on by `ms`, once every post still held is parked on its timer. */
  const skip = async (ms: number, held: readonly string[]) => {
    await waitUntilParked(client, held);
    await ts.env.sleep(Math.max(0, ms));
  };

  test('listings ready at night wait for the end, survive a restart, then go out oldest first', async () => {
    // Three listings become ready an hour apart during the quiet hours.
    const held: PostProgress[] = await withWorkers(async () => {
      const seen: PostProgress[] = [];
      for (const [i, post] of posts.entries()) {
        const started = await startPostWorkflow(client, post);
        workflowIds.push(started.workflowId);
        seen.push(await waitFor(async () => {
          const p = await progressOf(started.workflowId);
          return p.waiting ? p : undefined;
        }, { timeoutMs: 60_000, what: `${started.workflowId} waiting for the quiet hours to end` }));
        if (i === 0) {
          // What `post status` and GET /posts/{id} show (read before any time is skipped: the
          // lookup compares the server's times with this machine's clock).
          const report = await lookupPost(client, parts.store, { kind: 'workflow', workflowId: started.workflowId, source: post.source, messageId: post.messageId });
          expect(report?.progress?.waiting?.text).toBe(`waiting for ${hhmm(hours.endMinute)}`);
          expect(formatPostReport(report!)).toContain(`Waiting: waiting for ${hhmm(hours.endMinute)} (quiet hours; goes out at`);
        }
        if (i < posts.length - 1) await skip(60 * MINUTE, workflowIds);
      }
      // Stopped only once every post is parked: nothing of theirs is left in flight on these workers.
      await waitUntilParked(client, workflowIds);
      return seen;
      // No workflow cache (so no sticky queues) in these workers: the time-skipping server never
      // moves a task off a stopped worker's sticky queue (the dev server does, after 5 s).
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

    // Every worker was stopped; new ones pick the timers up from the server's history. Each timer
    // fires at its start plus its duration (later than the listing's `until` by however long the
    // task that started it took to complete).
    const firesAt = await Promise.all(workflowIds.map((id) => timerFiresAt(client, id)));
    firesAt.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(until[i]));
    expect(firesAt[0]).toBeLessThan(firesAt[1]);
    expect(firesAt[1]).toBeLessThan(firesAt[2]);
    const results = await withWorkers(async () => {
      // A second before the end: still held.
      await skip(endsAtMs - (await ts.env.currentTimeMs()) - 1000, workflowIds);
      expect(channel()).toHaveLength(0);
      // Then time moves to each release in turn, 10 ms past its timer (well inside a workflow
      // task's timeout), once nothing is in flight; it then runs on at the clock's pace while
      // that listing goes out and its run closes.
      const out: ProcessPostResult[] = [];
      for (let i = 0; i < firesAt.length; i++) {
        await waitUntilParked(client, workflowIds.slice(i), { orClosed: true });
        const ahead = firesAt[i] - (await ts.env.currentTimeMs());
        if (ahead > 0) await ts.env.sleep(ahead + 10);
        await waitFor(() => channel().length > i, { timeoutMs: 60_000, what: `listing ${i + 1} in the channel after its release` });
        out.push(await closedResult<ProcessPostResult>(client, workflowIds[i]));
      }
      return out;
    }, { maxCachedWorkflows: 0 });

    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published']);
    await recordHistory(client.workflow.getHandle(workflowIds[0]), 'process-post-quiet-hours');
    expect(await ts.env.currentTimeMs()).toBeGreaterThanOrEqual(endsAtMs);
    // Oldest first: the channel shows them in the order they became ready.
    const order = channel().map((m) => ads.findIndex((ad) => m.plainText.includes(ad.make)));
    expect(order).toEqual([0, 1, 2]);
    for (const id of workflowIds) {
      const events = await historyOf(id);
      // Published after the end (workflow time): the last event of each run is past it.
      const last = events[events.length - 1];
      expect(Number(last?.eventTime?.seconds ?? 0) * 1000).toBeGreaterThanOrEqual(endsAtMs);
      // Held by one timer, decided in the workflow from its input: no local activity, no patch
      // marker, and no task timed out on the way.
      expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
      expect(events.filter((e) => e.markerRecordedEventAttributes)).toEqual([]);
      expect(events.filter((e) => e.workflowTaskTimedOutEventAttributes || e.activityTaskTimedOutEventAttributes)).toEqual([]);
    }
  });

  test('outside the quiet hours a listing goes out at once, with nothing recorded for them', async () => {
    const post: PostInput = { source: '@night_cars', messageId: 601, text: 'Продаю Lexus RX 2017, 90 000 км, 3.5 бензин, автомат, 21 000 000 тг, Алматы, +7 707 444 55 66' };
    // Outside the quiet hours, wherever the server's clock stands now (it may have been skipped on).
    const now = await ts.env.currentTimeMs();
    const inside = quietHoursHold(hours, now, 'UTC');
    if (inside) await ts.env.sleep(inside.endsAtMs - now + MINUTE);
    expect(quietHoursHold(hours, await ts.env.currentTimeMs(), 'UTC')).toBeUndefined();
    const { workflowId } = await startPostWorkflow(client, post);
    const result = await withWorkers(() => closedResult<ProcessPostResult>(client, workflowId));
    expect(result.status).toBe('published');
    // No timer, no marker, and well under a minute of workflow time from its start to its close.
    const events = await historyOf(workflowId);
    expect(events.some((e) => e.timerStartedEventAttributes || e.markerRecordedEventAttributes)).toBe(false);
    const seconds = (e: (typeof events)[number] | undefined) => Number(e?.eventTime?.seconds ?? 0);
    expect(seconds(events[events.length - 1]) - seconds(events[0])).toBeLessThan(60);
  });
});
