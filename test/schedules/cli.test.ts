import type { Command } from 'commander';
import { createActivitiesByQueue } from '../../src/activities';
import { buildProgram } from '../../src/cli/main';
import type { ScheduleStatus } from '../../src/schedules';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';
import { describe as describeSchedule } from './fixtures';
import { runCli } from '../harness/cli';

const cli = runCli;

function findCommand(program: Command, path: string[]): Command {
  return path.reduce((cmd, name) => {
    const sub = cmd.commands.find((c) => c.name() === name);
    if (!sub) throw new Error(`no command ${path.join(' ')}`);
    return sub;
  }, program);
}

describe('the schedules and job commands', () => {
  let t: TestTemporal;
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE };

  beforeAll(async () => {
    t = await openTestTemporal();
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = t.namespace;
  });
  afterAll(async () => {
    process.env.TEMPORAL_ADDRESS = saved.address;
    process.env.TEMPORAL_NAMESPACE = saved.namespace;
    await t.close();
  });

  test('every command has help with examples', () => {
    const program = buildProgram();
    for (const path of [['schedules'], ['schedules', 'apply'], ['schedules', 'list'], ['schedules', 'run'], ['schedules', 'pause'], ['schedules', 'resume'], ['job'], ['job', 'run']]) {
      let help = '';
      const cmd = findCommand(program, path);
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help).toContain('Examples:');
      expect(help).toContain(`cars-bot ${path[0]}`);
    }
  });

  test('apply --dry-run prints the plan and creates nothing; apply creates; a second apply changes nothing', async () => {
    const dry = await cli('schedules', 'apply', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/\+ create\s+sync-channels\s+syncChannels every 1m \(UTC\)/);
    expect(dry.out).toContain('Plan: 8 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(dry.out).toContain('Dry run: nothing was changed.');
    expect(await describeSchedule(t.client, 'sync-channels')).toBeUndefined();

    const applied = await cli('schedules', 'apply');
    expect(applied.out).toContain('Applied: 8 created.');
    expect(await describeSchedule(t.client, 'sync-channels')).toBeDefined();
    const again = await cli('schedules', 'apply');
    expect(again.out).toContain('Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged.');
    expect(again.out).toMatch(/= unchanged\s+health-check/);
  });

  test('pause with a note, list (text and JSON), resume', async () => {
    const paused = await cli('schedules', 'pause', 'cleanup', '--note', 'disk being replaced');
    expect(paused.out).toBe('cleanup: paused (note: disk being replaced)\n');

    const text = await cli('schedules', 'list');
    expect(text.out).toMatch(/^cleanup {2}cleanup {2}0 3 \* \* \* \(UTC\) {2}PAUSED$/m);
    expect(text.out).toContain('  note      disk being replaced');
    expect(text.out).toMatch(/^ {2}next {6}\(paused; when resumed\) \d{4}-/m);
    expect(text.out).toContain('  replaces  Celery Beat cleanup_task');
    const json = await cli('schedules', 'list', '--json', '--next', '2');
    const statuses = JSON.parse(json.out) as ScheduleStatus[];
    expect(statuses.map((s) => s.scheduleId)).toEqual(['sync-channels', 'sync-subscribers', 'update-analytics', 'export-events', 'check-subscriptions', 'collect-stats', 'cleanup', 'health-check']);
    expect(statuses.find((s) => s.scheduleId === 'cleanup')).toMatchObject({ paused: true, note: 'disk being replaced', upToDate: true });
    for (const s of statuses) expect(s.nextRunTimes).toHaveLength(2);

    const resumed = await cli('schedules', 'resume', 'cleanup', '--note', 'disk replaced');
    expect(resumed.out).toBe('cleanup: active (note: disk replaced)\n');
  });

  test('run <id> triggers the schedule; list then shows the run', async () => {
    // No workers run here (the declared schedules would start workflows that other tests cover):
    // the triggered run waits in its task queue, which is enough to see it.
    const triggered = await cli('schedules', 'run', 'health-check');
    expect(triggered).toMatchObject({ code: 0, out: 'Triggered health-check.\n' });
    const listed = await waitFor(async () => {
      const { out } = await cli('schedules', 'list', '--json');
      return (JSON.parse(out) as ScheduleStatus[]).find((s) => s.scheduleId === 'health-check' && s.lastRun && s.running.length > 0);
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'the triggered health check in the list' });
    expect(listed.lastRun).toMatchObject({ status: 'RUNNING', workflowId: expect.stringMatching(/^health-check-\d{4}-/) });
    expect(listed.running).toEqual([listed.lastRun?.workflowId]);
    const text = await cli('schedules', 'list');
    expect(text.out).toContain(`  running   ${listed.lastRun?.workflowId}`);

    // Run again while that one is still running: SKIP applies, and the command says so.
    const again = await cli('schedules', 'run', 'health-check');
    expect(again.out).toContain(`Note: ${listed.lastRun?.workflowId} is still running and the overlap policy is SKIP`);
  });

  test('an unknown id fails with the known ones listed', async () => {
    const result = await cli('schedules', 'run', 'sync-chanels');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'error: unknown schedule "sync-chanels"; known: sync-channels, sync-subscribers, update-analytics, export-events, check-subscriptions, collect-stats, cleanup, health-check\n',
    );
    const job = await cli('job', 'run', 'nope');
    expect(job.code).toBe(1);
    expect(job.err).toContain('error: unknown job "nope"; known: sync-channels, syncChannels,');
  });

  test('job run health-check --wait --json prints the id at once and the result at the end', async () => {
    // Keep the schedules from starting workflows these workers have no activities for.
    for (const id of ['sync-channels', 'sync-subscribers', 'update-analytics', 'export-events', 'check-subscriptions', 'collect-stats', 'cleanup']) {
      await t.client.schedule.getHandle(id).pause('paused by the CLI test');
    }
    const workers = await t.startWorkers(createActivitiesByQueue({ health: { probes: { temporal: () => t.client.connection.workflowService.getSystemInfo({}) } } }), {
      queues: ['cars-bot', 'monitoring'],
    });
    const result = await cli('job', 'run', 'health-check', '--wait', '--json');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/^Started healthCheck: health-check-manual-\S+ \(run \S+\); waiting for the result\.\.\.\n$/);
    const finished = JSON.parse(result.out) as { workflowId: string; status: string; result: { healthy: boolean } };
    expect(finished).toMatchObject({ status: 'COMPLETED', result: { healthy: true } });
    expect(result.err).toContain(finished.workflowId);

    const started = await cli('job', 'run', 'healthCheck');
    expect(started.out).toMatch(/^Started healthCheck: health-check-manual-\d{4}-\S+ \(run \S+\)\n$/);
    await workers.stop();
  });
});
