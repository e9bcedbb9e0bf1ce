import { createActivitiesByQueue } from '../../src/activities';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { HealthReport } from '../../src/common/health';
import { recordHistory } from '../harness/histories';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

describe('healthCheck on the dev server', () => {
  let t: TestTemporal;
  const probeCalls: string[] = [];

  beforeAll(async () => {
    t = await openTestTemporal();
    const activities = createActivitiesByQueue({
      health: {
        probes: {
          temporal: async () => {
            probeCalls.push('temporal');
            return t.client.connection.workflowService.getSystemInfo({});
          },
          database: async () => {
            probeCalls.push('database');
            throw new Error('connect ECONNREFUSED postgres://carsbot:s3cret@127.0.0.1:5432/carsbot');
          },
        },
      },
    });
    await t.startWorkers(activities);
  });
  afterAll(() => t.close());

  test('reports each component, with an unreachable one down and unconfigured ones skipped', async () => {
    const handle = await t.client.workflow.start('healthCheck', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: 'health-check-test-1',
      args: [{ recheckAfterMs: 0 }],
    });
    const report = (await handle.result()) as HealthReport;

    expect(report.healthy).toBe(false);
    const byName = Object.fromEntries(report.checks.map((c) => [c.component, c]));
    expect(byName.temporal.status).toBe('ok');
    expect(byName.database.status).toBe('down');
    expect(byName.database.detail).toContain('ECONNREFUSED');
    expect(byName.database.detail).not.toContain('s3cret');
    expect(byName.openai.status).toBe('skipped');
    expect(report.checks.map((c) => c.component)).toEqual(['temporal', 'database', 'openai', 'telegram', 'sheets', 'failures', 'workers']);
    expect(probeCalls).toEqual(expect.arrayContaining(['temporal', 'database']));

    // The probes ran as activities on the monitoring queue, visible in the history.
    const history = await handle.fetchHistory();
    const scheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'probeHealth') ?? [];
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.taskQueue?.name)).toEqual(Array(7).fill(TASK_QUEUES.monitoring));
    await recordHistory(handle, 'health-check');
  });

  test('is healthy when only configured components are checked and they answer', async () => {
    const report = (await t.client.workflow.execute('healthCheck', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: 'health-check-test-2',
      args: [{ components: ['temporal'] }],
    })) as HealthReport;
    expect(report).toMatchObject({ healthy: true, checks: [{ component: 'temporal', status: 'ok' }] });
  });
});
