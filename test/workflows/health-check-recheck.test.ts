import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivitiesByQueue } from '../../src/activities';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { HealthReport } from '../../src/common/health';
import { createWorkers } from '../../src/workers/create-workers';
import { sharedWorkflowBundle, testConfig } from '../harness/temporal';
import { startTimeSkipping } from '../harness/time-skipping';

describe('healthCheck re-check timer on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    // The env's client with the product's data converter, like every client of ours: the workers encrypt.
    ({ env } = await startTimeSkipping());
  });
  afterAll(() => env?.teardown());

  test('a component down at first is probed again after the pause and reported by its second answer', async () => {
    let databaseCalls = 0;
    const activities = createActivitiesByQueue({
      health: {
        probes: {
          database: async () => {
            databaseCalls += 1;
            if (databaseCalls === 1) throw new Error('too many connections');
          },
        },
      },
    });
    const [worker, monitoring] = await createWorkers({
      connection: env.nativeConnection,
      config: testConfig({ TEMPORAL_NAMESPACE: env.namespace ?? 'default' }),
      activities,
      queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring],
      workflows: sharedWorkflowBundle(),
    });
    const recheckAfterMs = 10 * 60_000;
    const startedAt = await env.currentTimeMs();
    const report = (await worker.runUntil(
      monitoring.runUntil(
        env.client.workflow.execute('healthCheck', {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: 'health-check-recheck',
          args: [{ components: ['database'], recheckAfterMs }],
        }),
      ),
    )) as HealthReport;

    expect(databaseCalls).toBe(2);
    expect(report).toMatchObject({ healthy: true, checks: [{ component: 'database', status: 'ok' }] });
    // Ten minutes of workflow time passed, skipped by the server rather than waited for.
    expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(recheckAfterMs);
  });
});
