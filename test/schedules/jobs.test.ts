import { createActivitiesByQueue } from '../../src/activities';
import type { HealthReport } from '../../src/common/health';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { runJob, startJob } from '../../src/client/jobs';
import { scheduleDefinitions, UnknownScheduleError, type ScheduleDefinition } from '../../src/schedules';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { testDefinition } from './fixtures';

describe('running a job now (job run)', () => {
  let t: TestTemporal;
  let definitions: ScheduleDefinition[];

  beforeAll(async () => {
    t = await openTestTemporal();
    await t.startWorkers(createActivitiesByQueue({ health: { probes: { temporal: () => t.client.connection.workflowService.getSystemInfo({}) } } }));
    definitions = scheduleDefinitions(t.config);
  });
  afterAll(() => t.close());

  test('health-check --wait: runs healthCheck under a readable manual id and returns its report', async () => {
    const run = await runJob(t.client, definitions, 'health-check', { wait: true });
    expect(run).toMatchObject({ job: 'health-check', workflowType: 'healthCheck', status: 'COMPLETED' });
    expect(run.workflowId).toMatch(/^health-check-manual-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const report = run.result as HealthReport;
    expect(report.healthy).toBe(true);
    expect(report.checks.map((c) => [c.component, c.status])).toEqual([
      ['temporal', 'ok'],
      ['database', 'skipped'],
      ['openai', 'skipped'],
      ['telegram', 'skipped'],
      ['sheets', 'skipped'],
      ['failures', 'skipped'],
      ['workers', 'skipped'],
    ]);
    const execution = await t.client.workflow.getHandle(run.workflowId, run.runId).describe();
    expect(execution).toMatchObject({ type: 'healthCheck', taskQueue: TASK_QUEUES.workflows });
    expect(await execution.memo).toMatchObject({ startedBy: 'job run', scheduleId: 'health-check' });
  });

  test('by workflow type, without waiting: the ids come back at once and the run goes on', async () => {
    const now = new Date('2026-11-20T09:12:00.000Z');
    const { run, handle } = await startJob(t.client, definitions, 'healthCheck', { now });
    expect(run).toEqual({ job: 'health-check', workflowType: 'healthCheck', workflowId: 'health-check-manual-2026-11-20T09:12:00.000Z', runId: handle.firstExecutionRunId });
    expect(((await handle.result()) as HealthReport).healthy).toBe(true);
  });

  test('a run that does not complete is reported with its status, not thrown', async () => {
    const broken = [testDefinition('broken-job', { taskQueue: 'nobody-polls', workflowExecutionTimeout: '2s' })];
    const run = await runJob(t.client, broken, 'broken-job', { wait: true });
    expect(run).toMatchObject({ status: 'TIMED_OUT', failure: expect.stringMatching(/timed out/i) });
    expect(run.result).toBeUndefined();
  });

  test('an unknown job is refused, listing schedule ids and workflow types', async () => {
    const attempt = runJob(t.client, definitions, 'clean-up');
    await expect(attempt).rejects.toBeInstanceOf(UnknownScheduleError);
    await expect(attempt).rejects.toThrow(/unknown job "clean-up"; known: sync-channels, syncChannels, .*collectStats, cleanup, health-check, healthCheck$/);
  });
});
