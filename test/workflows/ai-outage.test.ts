/**
 * An OpenAI outage on the time-skipping server, with the product's own retry spacing (2 s
 * doubling to 10 min, with jitter): the AI steps of a post share one hour, so a 20-minute
 * outage is ridden out and the post published after it, and one past the hour fails the post
 * "expired after 1 h". The hours pass as workflow time, skipped by the server.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { ALL_TASK_QUEUES, TASK_QUEUES } from '../../src/common/task-queues';
import { postWorkflowId, type PostInput, type ProcessPostResult } from '../../src/common/posts';
import { createWorkers } from '../../src/workers/create-workers';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { sharedWorkflowBundle, testConfig } from '../harness/temporal';
import { startTimeSkipping } from '../harness/time-skipping';

const MINUTE = 60_000;

describe('an OpenAI outage on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let parts: PipelineParts;

  beforeAll(async () => {
    ({ env } = await startTimeSkipping());
    parts = await startPipelineParts({ productAiBackoff: true });
  });
  afterAll(async () => {
    await env?.teardown();
    await parts?.close();
  });

  /** Runs `work` while the product's workers poll (they stop when it is done). */
  const withWorkers = async <T>(work: () => Promise<T>): Promise<T> => {
    const workers: Worker[] = await createWorkers({
      connection: env.nativeConnection,
      config: testConfig({ TEMPORAL_NAMESPACE: env.namespace ?? 'default', PUBLISH_RATE_PER_MINUTE: '600' }),
      activities: parts.activities,
      queues: ALL_TASK_QUEUES,
      workflows: sharedWorkflowBundle(),
    });
    return workers.reduce<() => Promise<T>>((inner, w) => () => w.runUntil(inner()), work)();
  };

  /** Workflow time from the run's start to its close, from its history (the server's clock may run on after it). */
  const runLength = async (workflowId: string): Promise<number> => {
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const ms = (e: (typeof events)[number] | undefined) => Number(e?.eventTime?.seconds ?? 0) * 1000 + Math.round((e?.eventTime?.nanos ?? 0) / 1e6);
    return ms(events[events.length - 1]) - ms(events[0]);
  };

  let messageId = 9100;
  const start = async (text: string) => {
    const post: PostInput = { source: '@outage_cars', messageId: ++messageId, text };
    return env.client.workflow.start('processPost', { taskQueue: TASK_QUEUES.workflows, workflowId: postWorkflowId(post.source, post.messageId), args: [{ post }] });
  };
  const attempts = () => parts.openaiEmulator.requests().filter((r) => r.path.endsWith('/chat/completions'));

  test('20 minutes without OpenAI: retried through the outage, then published', async () => {
    parts.openaiEmulator.faults.configure({ outage: true });
    let workflowId = '';
    const result = await withWorkers(async () => {
      const handle = await start('Продаю Toyota RAV4 2019, 45 000 км, 2.0 бензин, автомат, 15 900 000 тг, Алматы, +7 701 222 33 44');
      workflowId = handle.workflowId;
      await env.sleep(20 * MINUTE);
      parts.openaiEmulator.faults.reset();
      return (await handle.result()) as ProcessPostResult;
    });
    expect(result.status).toBe('published');
    const dropped = attempts().filter((r) => r.outcome === 'outage').length;
    // 2 s doubling (with jitter) reaches 20 minutes in about a dozen attempts, not five.
    expect(dropped).toBeGreaterThanOrEqual(8);
    expect(dropped).toBeLessThanOrEqual(16);
    const elapsed = await runLength(workflowId);
    expect(elapsed).toBeGreaterThanOrEqual(20 * MINUTE);
    // The next attempt after the outage comes at most 10 minutes (the cap) later.
    expect(elapsed).toBeLessThan(31 * MINUTE);
  });

  test('61 minutes without OpenAI: the post fails, "expired after 1 h", its row marked', async () => {
    parts.openaiEmulator.faults.configure({ outage: true });
    let workflowId = '';
    const failure = await withWorkers(async () => {
      const handle = await start('Продаю Honda CR-V 2016, 110 000 км, 2.4 бензин, автомат, 11 500 000 тг, Астана, +7 777 111 22 33');
      workflowId = handle.workflowId;
      return handle.result().then(
        () => undefined,
        (err: unknown) => (err instanceof WorkflowFailedError ? err.cause : err),
      );
    });
    parts.openaiEmulator.faults.reset();
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('PostExpired');
    expect((failure as ApplicationFailure).message).toMatch(/failed at classify: expired after 1 h: the AI steps could not finish within 1 h \(last error: OpenAiConnectionError: /);
    // It gives up once the next attempt would fall after the hour: within the last backoff (10 min at most) of it.
    const elapsed = await runLength(workflowId);
    expect(elapsed).toBeGreaterThanOrEqual(50 * MINUTE);
    expect(elapsed).toBeLessThanOrEqual(61 * MINUTE);
    const stored = await parts.store.getPostBySource('@outage_cars', messageId);
    expect(stored).toMatchObject({ status: 'failed', failedStep: 'classify' });
    expect(stored?.error).toMatch(/^expired after 1 h/);
  });
});
