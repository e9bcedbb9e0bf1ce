/**
 * Failure as a first-class path, on the dev server with the emulators: a post that can't be
 * processed ends its workflow Failed with a typed reason, an operator can see it while it is
 * retried, and a retry (ours, bulk, or Temporal's Reset) goes on from where it failed without
 * paying again for AI answers already given.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { postWorkflowId, type PostInput, type ProcessPostResult } from '../../src/common/posts';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { POST_STATUS } from '../../src/common/search-attributes';
import { lookupPost, parsePostRef } from '../../src/client/post-lookup';
import { findFailedPosts, retryPost, retryPosts } from '../../src/client/retry-post';
import { PRIORITY } from '../../src/common/priorities';
import { startPostWorkflow } from '../../src/client/start-post';
import { runCli } from '../harness/cli';
import { recordHistory } from '../harness/histories';
import { startPipelineParts, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

let messageId = 7000;
const ad = (make: string, extra = ''): PostInput => ({
  source: '@fail_cars',
  messageId: ++messageId,
  text: `Продаю ${make} 2017, 80 000 км, 2.0 бензин, автомат, 9 ${String(messageId).slice(-3)} 000 тг, Алматы, +7 701 555 ${String(messageId).slice(-2)} 11 ${extra}`,
});

/** The workflow's failure as the client sees it. */
async function failureOf(handle: WorkflowHandle): Promise<ApplicationFailure> {
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowFailedError) || !(err.cause instanceof ApplicationFailure)) throw new Error(`expected the workflow to fail, got ${String(err)}`);
  return err.cause;
}

describe('failed posts: visible, survivable, retryable', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE, databaseUrl: process.env.DATABASE_URL };

  beforeAll(async () => {
    // Listings go out at 10 a second here: the channel's limit is tested elsewhere.
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '600' });
    parts = await startPipelineParts();
    await t.startWorkers(parts.activities);
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = t.namespace;
    // The CLI reads posts from Temporal here: the pipeline's database is this process's in-memory one.
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    for (const [name, value] of [['TEMPORAL_ADDRESS', saved.address], ['TEMPORAL_NAMESPACE', saved.namespace], ['DATABASE_URL', saved.databaseUrl]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t?.close();
    await parts?.close();
  });
  beforeEach(() => {
    parts.openaiEmulator.faults.reset();
    parts.telegramEmulator.faults.reset();
  });

  const start = async (post: PostInput) => t.client.workflow.getHandle((await startPostWorkflow(t.client, post)).workflowId);
  const tasks = () => parts.openaiEmulator.requests().filter((r) => r.path.endsWith('/chat/completions') && r.outcome === 'ok').map((r) => r.task);

  test('OpenAI refusing a step: the workflow is Failed (PostFailed) with the reason, and a retry goes on from that step', async () => {
    parts.openaiEmulator.faults.configure({ failNext: { count: 1, status: 400 }, only: ['extract'] });
    const post = ad('Kia Rio');
    const handle = await start(post);
    const failure = await failureOf(handle);
    expect(failure.type).toBe('PostFailed');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^post \d+ failed at extract: OpenAiBadRequest: OpenAI refused the request/);
    expect(failure.message).toContain(`cars-bot post retry ${handle.workflowId}`);

    const description = await handle.describe();
    expect(description.status.name).toBe('FAILED');
    expect(description.typedSearchAttributes.get(POST_STATUS)).toBe('failed');
    const failedList = await t.client.workflow.count(`ExecutionStatus = 'Failed' AND WorkflowId = '${handle.workflowId}'`);
    expect(failedList.count).toBe(1);
    const stored = await parts.store.getPostBySource(post.source, post.messageId);
    expect(stored).toMatchObject({ status: 'failed', failedStep: 'extract' });
    expect(stored?.error).toMatch(/^OpenAiBadRequest: /);
    await recordHistory(handle, 'process-post-failed');

    // The operator's retry, from the CLI, once the cause is gone.
    const before = tasks();
    const retried = await runCli('post', 'retry', handle.workflowId);
    expect(retried.err).toBe('');
    expect(retried.out).toMatch(new RegExp(`^${handle.workflowId}  retried \\(failed run reset\\), run \\S+`));
    expect(retried.code).toBe(0);
    const result = (await t.client.workflow.getHandle(handle.workflowId).result()) as ProcessPostResult;
    expect(result.status).toBe('published');
    const after = tasks().slice(before.length);
    // Classification was paid for before the failure: not asked again.
    expect(after.sort()).toEqual(['describe', 'extract']);
    expect(await parts.store.getPostBySource(post.source, post.messageId)).toMatchObject({ status: 'published', error: null, failedStep: null });
    expect(parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => m.messageId === result.publishedMessageIds?.[0])).toHaveLength(1);

    // Retrying a post that is not failed says so, and changes nothing.
    const again = await runCli('post', 'retry', handle.workflowId);
    expect(again.code).toBe(1);
    expect(again.out).toContain('not retried: its workflow completed: there is nothing to retry');
  });

  test('bulk retry of 5 failed posts, narrowed by source, after a count; only the failed step is asked again', async () => {
    parts.openaiEmulator.faults.configure({ failNext: { count: 5, status: 400 }, only: ['describe'] });
    const posts = ['Hyundai Elantra', 'Nissan Almera', 'Skoda Octavia', 'Mazda 3', 'Honda Civic'].map((m) => ({ ...ad(m), source: '@bulk_cars' }));
    const handles = await Promise.all(posts.map((p) => start(p)));
    for (const h of handles) expect((await failureOf(h)).type).toBe('PostFailed');
    // Another source's failure is left alone by the filtered retry.
    parts.openaiEmulator.faults.configure({ failNext: { count: 1, status: 400 }, only: ['describe'] });
    const other = await start(ad('Lada Granta'));
    await failureOf(other);

    const found = await findFailedPosts(t.client, { sinceMs: 3_600_000, source: '@bulk_cars' });
    expect(found.sort()).toEqual(handles.map((h) => h.workflowId).sort());

    const before = tasks();
    const refused = await runCli('post', 'retry', '--failed', '--since', '1h', '--source', '@bulk_cars');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('add --yes');
    const bulk = await runCli('post', 'retry', '--failed', '--since', '1h', '--source', '@bulk_cars', '--yes');
    expect(bulk.out).toContain('Retried 5 of 5 failed posts.');
    expect(bulk.code).toBe(0);
    const results = await Promise.all(handles.map((h) => t.client.workflow.getHandle(h.workflowId).result() as Promise<ProcessPostResult>));
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published', 'published', 'published']);
    expect(tasks().slice(before.length).sort()).toEqual(['describe', 'describe', 'describe', 'describe', 'describe']);
    // A bulk retry waits behind live posts: the reset runs carry the bulk priority key, and keep their channel's fairness key.
    for (const h of handles) {
      const priority = (await t.client.workflow.getHandle(h.workflowId).describe()).raw.workflowExecutionInfo?.priority;
      expect(priority).toMatchObject({ priorityKey: PRIORITY.bulk, fairnessKey: 'bulk_cars' });
    }
    expect((await other.describe()).status.name).toBe('FAILED');

    // Nothing left to retry from that source: the reset runs are no longer failed.
    expect(await findFailedPosts(t.client, { sinceMs: 3_600_000, source: '@bulk_cars' })).toEqual([]);
    const second = await retryPosts(t.client, handles.map((h) => h.workflowId));
    expect(second.retried).toHaveLength(0);
    expect(second.skipped.map((s) => !s.retried && s.reason)).toEqual(Array(5).fill('its workflow completed: there is nothing to retry'));
  });

  test("Temporal's Reset from the last good step (as the Web UI does it) publishes the post", async () => {
    parts.openaiEmulator.faults.configure({ failNext: { count: 1, status: 422 }, only: ['describe'] });
    const handle = await start(ad('Chevrolet Cobalt'));
    expect((await failureOf(handle)).message).toContain('failed at describe: OpenAiUnprocessable');

    // The workflow task that scheduled describePost: resetting there keeps classify and extract.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'describePost');
    const resetTo = scheduled?.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId;
    expect(resetTo).toBeDefined();
    const before = tasks();
    const { runId } = await t.client.workflowService.resetWorkflowExecution({
      namespace: t.namespace,
      workflowExecution: { workflowId: handle.workflowId, runId: (await handle.describe()).runId },
      workflowTaskFinishEventId: resetTo,
      reason: 'reset from the last good step',
      requestId: randomUUID(),
      resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_NONE,
    });
    const result = (await t.client.workflow.getHandle(handle.workflowId, runId ?? undefined).result()) as ProcessPostResult;
    expect(result.status).toBe('published');
    expect(tasks().slice(before.length)).toEqual(['describe']);
  });

  test('Telegram refusing the listing: Failed (PublishFailed); retried, the listing goes out once', async () => {
    parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 400 } });
    const handle = await start(ad('Volkswagen Polo'));
    const failure = await failureOf(handle);
    expect(failure.type).toBe('PublishFailed');
    expect(failure.message).toMatch(/failed at publish: TelegramBadRequest: /);
    const before = tasks();
    const outcome = await retryPost(t.client, parsePostRef(handle.workflowId), { store: parts.store });
    expect(outcome).toMatchObject({ retried: true, how: 'reset' });
    const result = (await t.client.workflow.getHandle(handle.workflowId).result()) as ProcessPostResult;
    expect(result.status).toBe('published');
    expect(tasks().length).toBe(before.length);
    expect(parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => result.publishedMessageIds?.includes(m.messageId))).toHaveLength(1);
  });

  test('a post the database refuses (a NUL character) fails at once with the input still in its history', async () => {
    const post = { source: '@fail_cars', messageId: ++messageId, text: 'Продаю Ford Focus 2012\u0000, 3 900 000 тг' };
    // Past intake's validation (which refuses it with a 400), straight to the workflow.
    const handle = await t.client.workflow.start('processPost', { taskQueue: TASK_QUEUES.workflows, workflowId: postWorkflowId(post.source, post.messageId), args: [{ post }] });
    const failure = await failureOf(handle);
    expect(failure.type).toBe('PostStorageRefused');
    expect(failure.message).toContain('NUL character');
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
    expect(attempts).toEqual([1]);
    const report = await lookupPost(t.client, parts.store, parsePostRef(handle.workflowId));
    expect(report).toMatchObject({ postId: null, workflow: { status: 'FAILED' } });
    expect(report?.error).toMatch(/^PostStorageRefused: /);
  });

  test('while a step is retried, the post report shows the attempt, the last error and the next attempt', async () => {
    parts.openaiEmulator.faults.configure({ errorRate: 1, errorStatus: 503, only: ['classify'] });
    const handle = await start(ad('Toyota Corolla'));
    const report = await waitFor(
      async () => {
        const r = await lookupPost(t.client, parts.store, parsePostRef(handle.workflowId));
        const step = r?.retrying[0];
        return step && step.attempt >= 3 && step.lastError ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'the classify step retrying' },
    );
    expect(report.progress).toMatchObject({ step: 'classify' });
    expect(report.retrying[0]).toMatchObject({ activity: 'classifyPost' });
    expect(report.retrying[0].lastError).toMatch(/^OpenAiServerError: /);
    const { out, err } = await runCli('post', 'status', handle.workflowId);
    expect({ out, error: err.split('\n').filter((l) => l.startsWith('error')) }).toMatchObject({ error: [] });
    expect(out).toMatch(/Retrying classifyPost: attempt \d+/);
    expect(out).toContain('last error: OpenAiServerError');
    parts.openaiEmulator.faults.reset();
    expect(((await handle.result()) as ProcessPostResult).status).toBe('published');
  });

  test('a post with 12 photos is published with the first 10 as the album, and its record says so', async () => {
    const photos = Array.from({ length: 12 }, (_, i) => `photo-${messageId}-${i + 1}`);
    const post = { ...ad('Subaru Forester'), photos };
    const handle = await start(post);
    const result = (await handle.result()) as ProcessPostResult;
    expect(result.status).toBe('published');
    expect(result.publishedMessageIds).toHaveLength(10);
    const album = parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => result.publishedMessageIds?.includes(m.messageId));
    expect(album.flatMap((m) => m.photos)).toEqual(photos.slice(0, 10));
    const report = await lookupPost(t.client, parts.store, parsePostRef(handle.workflowId));
    expect(report?.notes).toEqual(["12 photos received; the listing shows the first 10 (Telegram's album limit)"]);
  });
});
