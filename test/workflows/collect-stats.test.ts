import type { CollectStatsResult } from '../../src/common/stats';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { recordHistory } from '../harness/histories';
import { monitoringActivities } from '../harness/monitoring';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

describe('collectStats on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  const stuckPosts = ['post-stats-1', 'post-stats-2', 'post-stats-3'];

  /** Whether every stuck post has its classification scheduled (waiting on the ai queue). */
  const allWaitingForAi = async () => {
    const described = await Promise.all(stuckPosts.map((id) => t.client.workflow.getHandle(id).describe()));
    return described.every((d) => d.raw.pendingActivities?.some((a) => a.activityType?.name === 'classifyPost'));
  };

  beforeAll(async () => {
    [t, parts] = await Promise.all([openTestTemporal(), startPipelineParts()]);
    // No worker serves the ai queue: posts get stored, then wait there for classification.
    await t.startWorkers(await monitoringActivities(parts, t), { queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring] });
    await Promise.all(
      stuckPosts.map((workflowId, i) =>
        t.client.workflow.start('processPost', {
          taskQueue: TASK_QUEUES.workflows,
          workflowId,
          args: [{ post: { source: '@cars_stats', messageId: i + 1, text: `Продаю Toyota Camry 201${i}, пробег ${i + 1}0 000 км, цена ${i + 5} 000 000 тг` } }],
        }),
      ),
    );
    // Wait on the tasks themselves: asked before they exist, the server's backlog figure lags for a few seconds.
    await waitFor(allWaitingForAi, { timeoutMs: 20_000, what: 'three classifications waiting on the ai queue' });
  });
  afterAll(async () => {
    await Promise.all(stuckPosts.map((id) => t?.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    await t?.close();
    await parts?.close();
  });

  test('saves a snapshot with the last 24 hours of figures and every queue backlog', async () => {
    const handle = await t.client.workflow.start('collectStats', { taskQueue: TASK_QUEUES.workflows, workflowId: 'collect-stats-test-1', args: [] });
    const result = (await handle.result()) as CollectStatsResult;

    expect(result.figures).toMatchObject({ received: 3, published: 0, failed: 0, postsByStatus: expect.objectContaining({ received: 3 }) });
    expect(new Date(result.period.to).getTime() - new Date(result.period.from).getTime()).toBe(24 * 3_600_000);
    const ai = result.queues.find((q) => q.taskQueue === TASK_QUEUES.ai && q.kind === 'activity');
    expect(ai?.backlog).toBe(3);
    expect(ai?.oldestAgeMs).toBeGreaterThan(0);
    expect(result.queues.map((q) => `${q.kind}:${q.taskQueue}`).sort()).toEqual(
      ['workflow:cars-bot', 'activity:cars-bot', 'activity:ai', 'activity:publishing', 'activity:notifications', 'activity:sheets', 'activity:monitoring', 'activity:monitor'].sort(),
    );
    expect(result.totalBacklog).toBeGreaterThanOrEqual(3);

    const saved = await parts.store.latestStatsSnapshot();
    expect(saved).toMatchObject({ id: result.snapshotId, takenBy: `collect-stats-test-1/${handle.firstExecutionRunId}` });
    expect(saved?.takenAt.toISOString()).toBe(result.takenAt);
    expect(saved?.figures.received).toBe(3);
    expect(saved?.queues).toEqual(result.queues);
    await recordHistory(handle, 'collect-stats');
  });

  test('a retried save finds the snapshot its run already saved', async () => {
    const figures = await parts.store.figures({ from: new Date(Date.now() - 3_600_000), to: new Date() });
    const first = await parts.store.saveStatsSnapshot(figures, undefined, { takenBy: 'collect-stats-retry/run-1' });
    const again = await parts.store.saveStatsSnapshot(figures, undefined, { takenBy: 'collect-stats-retry/run-1' });

    expect(again.id).toBe(first.id);
    expect((await parts.store.latestStatsSnapshot())?.id).toBe(first.id);
  });

  test('periodHours narrows the figures to the last hours', async () => {
    const result = (await t.client.workflow.execute('collectStats', { taskQueue: TASK_QUEUES.workflows, workflowId: 'collect-stats-test-2', args: [{ periodHours: 1 }] })) as CollectStatsResult;

    expect(new Date(result.period.to).getTime() - new Date(result.period.from).getTime()).toBe(3_600_000);
    expect(result.figures.received).toBe(3);
  });
});
