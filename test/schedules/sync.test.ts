import { applySchedules, planSchedules, pauseSchedule, resumeSchedule, scheduleDefinitions, definitionHash, InvalidScheduleDefinitionError, applyHadProblems, MANAGED_BY } from '../../src/schedules';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { describe as describeSchedule, testDefinition, waitUntilListed } from './fixtures';

// Every test gets a namespace of its own: apply deletes our schedules that a test doesn't
// declare, so tests sharing a namespace would delete each other's.
let t: TestTemporal;
beforeEach(async () => {
  t = await openTestTemporal();
});
afterEach(() => t.close());

describe('schedules apply on the dev server', () => {
  test('creates the declared schedules with marker, hash and policies; a second apply finds nothing to do', async () => {
    const definitions = scheduleDefinitions(t.config);
    expect(definitions.map((d) => d.id)).toEqual(['sync-channels', 'sync-subscribers', 'update-analytics', 'export-events', 'check-subscriptions', 'collect-stats', 'cleanup', 'health-check']);

    const first = await applySchedules(t.client, definitions);
    expect(first.plan.map((e) => e.kind)).toEqual(Array(definitions.length).fill('create'));
    expect(first.applied.map((a) => a.outcome)).toEqual(Array(definitions.length).fill('created'));

    const sync = await describeSchedule(t.client, 'sync-channels');
    expect(sync?.memo).toMatchObject({ managedBy: MANAGED_BY });
    expect(sync?.action).toMatchObject({ workflowType: 'syncChannels', taskQueue: 'cars-bot', workflowId: 'sync-channels' });
    expect(sync?.action.memo).toMatchObject({ scheduleId: 'sync-channels', definitionHash: definitionHash(definitions[0]), declaredPaused: false });
    expect(sync?.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 60_000 });
    expect(sync?.spec).toMatchObject({ timezone: 'UTC', jitter: 10_000 });
    expect(sync?.state).toMatchObject({ paused: false, note: expect.stringContaining('sync_channels_task') });
    const cleanup = await describeSchedule(t.client, 'cleanup');
    expect(cleanup?.policies.catchupWindow).toBe(6 * 3_600_000);
    expect(cleanup?.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3 }], minute: [{ start: 0, end: 0 }] });

    const second = await applySchedules(t.client, definitions);
    expect(second.plan.map((e) => [e.scheduleId, e.kind])).toEqual(definitions.map((d) => [d.id, 'unchanged']));
    expect(second.applied.every((a) => a.outcome === 'unchanged')).toBe(true);
    expect((await describeSchedule(t.client, 'sync-channels'))?.info.lastUpdatedAt).toEqual(sync?.info.lastUpdatedAt);
  });

  test('a changed cron is planned as an update naming the field, and the server gets the new spec', async () => {
    await applySchedules(t.client, [testDefinition('nightly')]);
    const changed = testDefinition('nightly', { cron: ['30 4 * * 1'] });

    const plan = await planSchedules(t.client, [changed]);
    expect(plan).toEqual([expect.objectContaining({ kind: 'update', scheduleId: 'nightly', changes: [{ field: 'cron', from: ['0 3 * * *'], to: ['30 4 * * 1'] }] })]);

    const result = await applySchedules(t.client, [changed]);
    expect(result.applied).toEqual([{ scheduleId: 'nightly', planned: 'update', outcome: 'updated' }]);
    const live = await describeSchedule(t.client, 'nightly');
    expect(live?.spec.calendars).toHaveLength(1);
    expect(live?.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4 }], minute: [{ start: 30, end: 30 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY' }] });
    expect(live?.action.memo).toMatchObject({ definitionHash: definitionHash(changed) });
    expect(live?.info.nextActionTimes[0].getUTCDay()).toBe(1);
    expect((await planSchedules(t.client, [changed])).map((e) => e.kind)).toEqual(['unchanged']);
  });

  test('an equal duration written differently is not a change', async () => {
    await applySchedules(t.client, [testDefinition('steady', { catchupWindow: '1h' })]);
    expect((await planSchedules(t.client, [testDefinition('steady', { catchupWindow: '60m' })])).map((e) => e.kind)).toEqual(['unchanged']);
  });

  test('a schedule no longer declared is deleted; the declared one stays', async () => {
    await applySchedules(t.client, [testDefinition('keep-me'), testDefinition('retired')]);
    await waitUntilListed(t.client, ['keep-me', 'retired']);

    const result = await applySchedules(t.client, [testDefinition('keep-me')]);
    expect(result.plan).toEqual([
      expect.objectContaining({ kind: 'unchanged', scheduleId: 'keep-me' }),
      expect.objectContaining({ kind: 'delete', scheduleId: 'retired', workflowType: 'cleanup' }),
    ]);
    expect(result.applied.find((a) => a.scheduleId === 'retired')?.outcome).toBe('deleted');
    expect(await describeSchedule(t.client, 'retired')).toBeUndefined();
    expect(await describeSchedule(t.client, 'keep-me')).toBeDefined();
    // The list may still show it for a moment; the next plan must not trip over that.
    expect((await planSchedules(t.client, [testDefinition('keep-me')])).map((e) => e.kind)).toEqual(['unchanged']);
  });

  test('schedules it did not create are never touched, even one with a declared id', async () => {
    const foreign = { type: 'startWorkflow' as const, workflowType: 'someoneElsesReport', taskQueue: 'reports', args: [] };
    await t.client.schedule.create({ scheduleId: 'foreign-report', spec: { cronExpressions: ['0 12 * * *'] }, action: foreign });
    await t.client.schedule.create({ scheduleId: 'taken-id', spec: { cronExpressions: ['0 12 * * *'] }, action: foreign, memo: { owner: 'ops' } });
    await waitUntilListed(t.client, ['foreign-report', 'taken-id']);
    const before = await describeSchedule(t.client, 'taken-id');

    const result = await applySchedules(t.client, [testDefinition('taken-id'), testDefinition('ours')]);
    expect(result.plan.map((e) => [e.scheduleId, e.kind])).toEqual([
      ['taken-id', 'conflict'],
      ['ours', 'create'],
    ]);
    expect(result.applied.find((a) => a.scheduleId === 'taken-id')).toMatchObject({ outcome: 'skipped', detail: expect.stringContaining('not created by cars-bot') });
    expect(applyHadProblems(result)).toBe(true);

    const after = await describeSchedule(t.client, 'taken-id');
    expect(after?.action).toMatchObject({ workflowType: 'someoneElsesReport', taskQueue: 'reports' });
    expect(after?.spec.calendars?.[0].hour).toEqual([{ start: 12, end: 12, step: 1 }]);
    expect(after?.memo).toEqual({ owner: 'ops' });
    expect(after?.info.lastUpdatedAt).toEqual(before?.info.lastUpdatedAt);
    expect((await describeSchedule(t.client, 'foreign-report'))?.action.workflowType).toBe('someoneElsesReport');
  });

  test("an operator's pause and note survive an apply that rewrites the schedule; so does a resume", async () => {
    const v1 = testDefinition('sheet-sync', { cron: ['* * * * *'] });
    await applySchedules(t.client, [v1]);
    await pauseSchedule(t.client, [v1], 'sheet-sync', 'Channels sheet under maintenance');

    const v2 = testDefinition('sheet-sync', { cron: ['*/2 * * * *'], jitter: '5s' });
    const result = await applySchedules(t.client, [v2]);
    expect(result.plan[0]).toMatchObject({ kind: 'update', current: { paused: true, note: 'Channels sheet under maintenance' } });
    expect(result.applied[0].outcome).toBe('updated');
    let live = await describeSchedule(t.client, 'sheet-sync');
    expect(live?.state).toMatchObject({ paused: true, note: 'Channels sheet under maintenance' });
    expect(live?.spec.jitter).toBe(5_000);
    expect(live?.spec.calendars?.[0].minute).toEqual([{ start: 0, end: 59, step: 2 }]);

    await resumeSchedule(t.client, [v2], 'sheet-sync', 'maintenance over');
    await applySchedules(t.client, [testDefinition('sheet-sync', { cron: ['*/3 * * * *'] })]);
    live = await describeSchedule(t.client, 'sheet-sync');
    expect(live?.state).toMatchObject({ paused: false, note: 'maintenance over' });
    expect(live?.spec.calendars?.[0].minute).toEqual([{ start: 0, end: 59, step: 3 }]);
  });

  test('the paused flag in code applies on create and when the code changes it, and only then', async () => {
    await applySchedules(t.client, [testDefinition('seasonal', { paused: true })]);
    expect((await describeSchedule(t.client, 'seasonal'))?.state).toMatchObject({ paused: true, note: expect.stringContaining('Paused in code') });

    // An operator resumes it; an apply with the same code keeps it running.
    await resumeSchedule(t.client, [testDefinition('seasonal')], 'seasonal', 'needed this week');
    expect((await planSchedules(t.client, [testDefinition('seasonal', { paused: true })]))[0].kind).toBe('unchanged');

    // The code now declares it unpaused: a change of the code's own flag, applied.
    const plan = await planSchedules(t.client, [testDefinition('seasonal', { paused: false })]);
    expect(plan[0]).toMatchObject({ kind: 'update', changes: [{ field: 'paused', from: true, to: false }] });
    await pauseSchedule(t.client, [testDefinition('seasonal')], 'seasonal', 'paused again by hand');
    await applySchedules(t.client, [testDefinition('seasonal', { paused: false })]);
    expect((await describeSchedule(t.client, 'seasonal'))?.state).toMatchObject({ paused: false, note: 'Test schedule seasonal.' });
  });

  test('a dry run plans every kind of change and changes nothing', async () => {
    const dry = await applySchedules(t.client, [testDefinition('first'), testDefinition('second')], { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, applied: [] });
    expect(dry.plan.map((e) => e.kind)).toEqual(['create', 'create']);
    expect(await describeSchedule(t.client, 'first')).toBeUndefined();
    expect(await describeSchedule(t.client, 'second')).toBeUndefined();

    await applySchedules(t.client, [testDefinition('first'), testDefinition('second')]);
    await waitUntilListed(t.client, ['first', 'second']);
    const before = await describeSchedule(t.client, 'first');
    const again = await applySchedules(t.client, [testDefinition('first', { cron: ['0 5 * * *'] })], { dryRun: true });
    expect(again.plan.map((e) => [e.scheduleId, e.kind])).toEqual([
      ['first', 'update'],
      ['second', 'delete'],
    ]);
    const after = await describeSchedule(t.client, 'first');
    expect(after?.spec.calendars?.[0].hour).toEqual([{ start: 3, end: 3, step: 1 }]);
    expect(after?.action.memo).toEqual(before?.action.memo);
    expect(await describeSchedule(t.client, 'second')).toBeDefined();
  });

  test('two applies at once (two processes starting) create and update each schedule once, without errors', async () => {
    const v1 = [testDefinition('race-a'), testDefinition('race-b')];
    const created = await Promise.all([applySchedules(t.client, v1), applySchedules(t.client, v1)]);
    for (const id of ['race-a', 'race-b']) {
      const outcomes = created.map((r) => r.applied.find((a) => a.scheduleId === id)?.outcome).sort();
      // Both plan a create; the loser finds it created (ScheduleAlreadyRunning) with nothing left to do.
      expect(outcomes).toEqual(['created', 'unchanged']);
    }

    const v2 = [testDefinition('race-a', { cron: ['15 3 * * *'] }), testDefinition('race-b')];
    const updated = await Promise.all([applySchedules(t.client, v2), applySchedules(t.client, v2)]);
    // Both may read the old schedule before either writes; then both write the same content.
    const outcomes = updated.map((r) => r.applied.find((a) => a.scheduleId === 'race-a')?.outcome);
    expect(outcomes).toContain('updated');
    for (const outcome of outcomes) expect(['updated', 'unchanged']).toContain(outcome);
    expect(updated.flatMap((r) => r.applied).filter((a) => a.outcome === 'failed')).toEqual([]);
    expect((await describeSchedule(t.client, 'race-a'))?.spec.calendars?.[0].minute).toEqual([{ start: 15, end: 15, step: 1 }]);
  });

  test('invalid definitions are refused before anything reaches the server', async () => {
    const bad = [testDefinition('twice'), testDefinition('twice'), testDefinition('Bad_Id'), testDefinition('no-cron', { cron: [] }), testDefinition('short', { catchupWindow: '5s' })];
    const attempt = applySchedules(t.client, bad);
    await expect(attempt).rejects.toBeInstanceOf(InvalidScheduleDefinitionError);
    await expect(attempt).rejects.toThrow(/twice: declared twice[\s\S]*Bad_Id: id must be kebab-case[\s\S]*no-cron: needs at least one[\s\S]*short: catchupWindow must be at least 10s/);
    expect(await describeSchedule(t.client, 'twice')).toBeUndefined();
  });
});
