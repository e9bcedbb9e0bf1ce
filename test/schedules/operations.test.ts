import { createActivitiesByQueue } from '../../src/activities';
import type { HealthReport } from '../../src/common/health';
import {
  applySchedules,
  listSchedules,
  pauseSchedule,
  resumeSchedule,
  scheduleDefinitions,
  triggerSchedule,
  ScheduleUnavailableError,
  UnknownScheduleError,
  type ScheduleDefinition,
} from '../../src/schedules';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';
import { describe as describeSchedule, testDefinition, waitUntilListed } from './fixtures';

describe('operating schedules at run time', () => {
  let t: TestTemporal;
  let definitions: ScheduleDefinition[];

  beforeAll(async () => {
    t = await openTestTemporal();
    await t.startWorkers(createActivitiesByQueue({ health: { probes: { temporal: () => t.client.connection.workflowService.getSystemInfo({}) } } }));
    // The product's cleanup and health-check schedules, and one whose runs no worker picks up.
    definitions = [
      ...scheduleDefinitions(t.config).filter((d) => d.id === 'health-check' || d.id === 'cleanup'),
      testDefinition('broken-job', { taskQueue: 'nobody-polls', workflowExecutionTimeout: '2s' }),
    ];
    await applySchedules(t.client, definitions);
    await t.client.schedule.create({
      scheduleId: 'foreign-report',
      spec: { cronExpressions: ['0 12 * * *'] },
      action: { type: 'startWorkflow', workflowType: 'someoneElsesReport', taskQueue: 'reports', args: [] },
      state: { paused: true, note: 'not ours' },
    });
    await waitUntilListed(t.client, ['foreign-report']);
  });
  afterAll(() => t.close());

  test('list shows every schedule with its next runs, paused state and note; foreign and unapplied ones flagged', async () => {
    const statuses = await listSchedules(t.client, [...definitions, testDefinition('not-applied')], { nextRuns: 2 });
    expect(statuses.map((s) => s.scheduleId)).toEqual(['cleanup', 'health-check', 'broken-job', 'not-applied', 'foreign-report']);
    const byId = Object.fromEntries(statuses.map((s) => [s.scheduleId, s]));

    const health = await describeSchedule(t.client, 'health-check');
    expect(byId['health-check']).toMatchObject({
      declared: true,
      exists: true,
      managed: true,
      upToDate: true,
      workflowType: 'healthCheck',
      cron: ['*/5 * * * *'],
      timezone: 'UTC',
      replaces: 'health_check',
      paused: false,
      note: expect.stringContaining('health_check'),
      nextRunTimes: health?.info.nextActionTimes.slice(0, 2),
    });
    expect(byId['health-check'].nextRunTimes).toHaveLength(2);
    expect(byId['not-applied']).toMatchObject({ declared: true, exists: false, nextRunTimes: [] });
    expect(byId['foreign-report']).toMatchObject({ declared: false, exists: true, managed: false, paused: true, note: 'not ours', workflowType: 'someoneElsesReport' });
    expect(byId['foreign-report'].upToDate).toBeUndefined();
  });

  test('a triggered run shows as the last run, with its status and result', async () => {
    const triggered = await triggerSchedule(t.client, definitions, 'health-check');
    expect(triggered).toMatchObject({ scheduleId: 'health-check', overlap: 'SKIP' });
    const status = await waitFor(
      async () => (await listSchedules(t.client, definitions)).find((s) => s.scheduleId === 'health-check' && s.lastRun?.status === 'COMPLETED'),
      { timeoutMs: 30_000, intervalMs: 250, what: 'the triggered health check to complete' },
    );
    expect(status.lastRun?.workflowId).toMatch(/^health-check-\d{4}-\d\d-\d\dT/);
    const report = status.lastRun?.result as HealthReport;
    expect(report.healthy).toBe(true);
    expect(report.checks.find((c) => c.component === 'temporal')?.status).toBe('ok');
    expect(status.lastRun?.closedAt).toBeInstanceOf(Date);
  });

  test("a run that didn't complete shows why", async () => {
    await triggerSchedule(t.client, definitions, 'broken-job');
    const status = await waitFor(
      async () => (await listSchedules(t.client, definitions)).find((s) => s.scheduleId === 'broken-job' && s.lastRun && s.lastRun.status !== 'RUNNING'),
      { timeoutMs: 30_000, intervalMs: 250, what: 'the broken job to end' },
    );
    expect(status.lastRun).toMatchObject({ status: 'TIMED_OUT', failure: expect.stringMatching(/timed out/i) });
    expect(status.lastRun?.result).toBeUndefined();
  });

  test('pause and resume with a note, as list and the server show them', async () => {
    const paused = await pauseSchedule(t.client, definitions, 'cleanup', 'disk being replaced');
    expect(paused).toEqual({ scheduleId: 'cleanup', paused: true, note: 'disk being replaced' });
    expect((await describeSchedule(t.client, 'cleanup'))?.state).toMatchObject({ paused: true, note: 'disk being replaced' });
    expect((await listSchedules(t.client, definitions)).find((s) => s.scheduleId === 'cleanup')).toMatchObject({ paused: true, note: 'disk being replaced' });

    const resumed = await resumeSchedule(t.client, definitions, 'cleanup');
    expect(resumed).toMatchObject({ paused: false, note: expect.stringMatching(/^Resumed by an operator at /) });
  });

  test('an unknown id is refused, naming the known ones', async () => {
    const attempt = triggerSchedule(t.client, definitions, 'sync-chanels');
    await expect(attempt).rejects.toBeInstanceOf(UnknownScheduleError);
    await expect(attempt).rejects.toThrow('unknown schedule "sync-chanels"; known: cleanup, health-check, broken-job');
    await expect(pauseSchedule(t.client, definitions, 'foreign-report')).rejects.toBeInstanceOf(UnknownScheduleError);
  });

  test('a declared schedule that is not on the server, or not ours, is a clear error and is left alone', async () => {
    await expect(pauseSchedule(t.client, [...definitions, testDefinition('not-applied')], 'not-applied')).rejects.toThrow(/declared but not on the server yet; run `schedules apply`/);
    const attempt = resumeSchedule(t.client, [testDefinition('foreign-report')], 'foreign-report');
    await expect(attempt).rejects.toBeInstanceOf(ScheduleUnavailableError);
    await expect(attempt).rejects.toThrow(/not created by cars-bot/);
    expect((await describeSchedule(t.client, 'foreign-report'))?.state).toMatchObject({ paused: true, note: 'not ours' });
  });
});
