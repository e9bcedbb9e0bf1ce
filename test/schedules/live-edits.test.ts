/**
 * Schedules edited at run time (django-celery-beat's database edits), on the run's dev server:
 * through our CLI and API, and by a whole replacement of the kind `temporal schedule update` makes. The edit is
 * seen as drift, survives `schedules apply`, and `--reset` restores the declared schedule.
 */
// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

import type { FastifyInstance } from 'fastify';
import { applySchedules, listSchedules, scheduleDefinitions, type ScheduleDefinition } from '../../src/schedules';
import { AUTH, startApiHarness, type ApiHarness } from '../api/api-harness';
import { runCli } from '../harness/cli';
import type { TestTemporal } from '../harness/temporal';
import { describe as describeSchedule, waitUntilListed } from './fixtures';

describe('schedules edited at run time', () => {
  let h: ApiHarness;
  let t: TestTemporal;
  /** The API over the product's schedule list. */
  let api: FastifyInstance;
  let defs: ScheduleDefinition[];
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE };

  beforeAll(async () => {
    h = await startApiHarness();
    t = h.t;
    // The product's schedules (sync-channels is an interval), as the CLI knows them; no worker runs their jobs.
    defs = scheduleDefinitions(t.config);
    api = h.build({ definitions: defs });
    await api.ready();
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = t.namespace;
    const first = await applySchedules(t.client, defs);
    expect(first.applied.every((a) => a.outcome === 'created')).toBe(true);
    await waitUntilListed(t.client, defs.map((d) => d.id));
  });
  afterAll(async () => {
    for (const [name, value] of [['TEMPORAL_ADDRESS', saved.address], ['TEMPORAL_NAMESPACE', saved.namespace]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await api?.close();
    await h?.close();
  });
  const outcomes = (result: Awaited<ReturnType<typeof applySchedules>>) => Object.fromEntries(result.applied.map((a) => [a.scheduleId, a.outcome]));

  const statusOf = async (id: string) => (await listSchedules(t.client, defs)).find((s) => s.scheduleId === id)!;

  test('an interval definition is applied as one, and a fresh apply shows no drift', async () => {
    const live = await describeSchedule(t.client, 'sync-channels');
    expect(live?.spec.intervals).toMatchObject([{ every: 60_000 }]);
    expect(await statusOf('sync-channels')).toMatchObject({ liveSpec: 'every 1m', declaredSpec: 'every 1m', drift: [], upToDate: true });
    expect(await statusOf('cleanup')).toMatchObject({ liveSpec: '0 3 * * *', drift: [], upToDate: true });
    const again = await applySchedules(t.client, defs);
    expect(again.applied.every((a) => a.outcome === 'unchanged')).toBe(true);
  });

  test('a live edit made outside cars-bot shows up as drift and survives apply; --reset restores the declared spec', async () => {
    // A whole replacement that knows nothing of our memo, as `temporal schedule update` and the Web UI's
    // edit make it (the memo goes; the top-level marker stays, as it can't be changed).
    await t.client.schedule.getHandle('cleanup').update((previous) => ({
      ...previous,
      spec: { cronExpressions: ['30 4 * * *'], timezone: 'UTC' },
      action: { ...previous.action, memo: undefined },
    }));
    expect(await statusOf('cleanup')).toMatchObject({ liveSpec: '30 4 * * *', declaredSpec: '0 3 * * *', drift: ['edited live'], upToDate: false });
    const listed = await runCli('schedules', 'list');
    expect(listed.out).toContain('cleanup  cleanup  30 4 * * * (UTC)  active');
    expect(listed.out).toContain('sync-channels  syncChannels  every 1m (UTC)  active');
    expect(listed.out).toMatch(/drift {5}edited live \(declared: 0 3 \* \* \*.*`schedules apply` keeps it, --reset restores/);

    const applied = await runCli('schedules', 'apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/\* kept +cleanup +edited live: 30 4 \* \* \* \(declared: 0 3 \* \* \*\); kept/);
    expect(applied.out).toContain('cleanup: kept — kept the live edit (30 4 * * *; declared 0 3 * * *)');
    expect((await describeSchedule(t.client, 'cleanup'))?.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4 }], minute: [{ start: 30, end: 30 }] });

    const reset = await runCli('schedules', 'apply', '--reset');
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('cleanup: updated — the live edit was replaced by the declared schedule');
    expect(await statusOf('cleanup')).toMatchObject({ liveSpec: '0 3 * * *', drift: [], upToDate: true });
    // Restored with its marker and hash: the next apply has nothing to do.
    expect(outcomes(await applySchedules(t.client, defs))).toMatchObject({ cleanup: 'unchanged' });
  });

  test('schedules set --every / --input and PATCH edit the server, keep the pause, and show as drift until --reset', async () => {
    await runCli('schedules', 'pause', 'sync-channels', '--note', 'sheet being reorganised');
    const set = await runCli('schedules', 'set', 'sync-channels', '--every', '30m', '--input', '{"dryRun": true}');
    expect(set.code).toBe(0);
    expect(set.out).toContain('sync-channels  syncChannels  every 30m (UTC)  PAUSED');
    const live = await describeSchedule(t.client, 'sync-channels');
    expect(live?.spec.intervals).toMatchObject([{ every: 30 * 60_000 }]);
    expect(live?.action.type === 'startWorkflow' && live.action.args).toEqual([{ dryRun: true }]);
    expect(live?.state).toMatchObject({ paused: true, note: 'sheet being reorganised' });
    expect(await statusOf('sync-channels')).toMatchObject({ drift: ['edited live'], args: [{ dryRun: true }] });

    const patched = await api.inject({ method: 'PATCH', url: '/api/v1/schedules/check-subscriptions', headers: AUTH, payload: { cron: '0 6 * * *', input: { warnDaysBefore: 5 } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ scheduleId: 'check-subscriptions', liveSpec: '0 6 * * *', declaredSpec: '0 0 * * *', drift: ['edited live'], args: [{ warnDaysBefore: 5 }] });
    const badPatch = await api.inject({ method: 'PATCH', url: '/api/v1/schedules/check-subscriptions', headers: AUTH, payload: { cron: '0 6 * * *', every: '1h' } });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error).toMatchObject({ code: 'invalid_edit', message: expect.stringContaining('give cron or every, not both') });
    const unknown = await api.inject({ method: 'PATCH', url: '/api/v1/schedules/no-such', headers: AUTH, payload: { every: '1h' } });
    expect(unknown.statusCode).toBe(404);

    const plan = await applySchedules(t.client, defs, { dryRun: true });
    expect(plan.plan.find((p) => p.scheduleId === 'sync-channels')).toMatchObject({ kind: 'kept', live: 'every 30m', declared: 'every 1m', liveArgs: [{ dryRun: true }] });

    // The code changes too (a longer timeout): listed, not applied while the edit stands.
    const changed = defs.map((d): ScheduleDefinition => (d.id === 'sync-channels' ? { ...d, workflowExecutionTimeout: 20 * 60_000 } : d));
    expect((await listSchedules(t.client, changed)).find((s) => s.scheduleId === 'sync-channels')?.drift).toEqual(['edited live', 'code changed']);
    const kept = await applySchedules(t.client, changed);
    expect(kept.applied.find((a) => a.scheduleId === 'sync-channels')).toMatchObject({ outcome: 'kept', detail: expect.stringContaining("the code's changes (workflowExecutionTimeoutMs) wait for --reset") });
    expect(outcomes(kept)).toMatchObject({ 'check-subscriptions': 'kept', cleanup: 'unchanged' });
    const reset = await applySchedules(t.client, changed, { reset: true });
    expect(outcomes(reset)).toMatchObject({ 'sync-channels': 'updated', 'check-subscriptions': 'updated', cleanup: 'unchanged' });
    const restored = await describeSchedule(t.client, 'sync-channels');
    expect(restored?.spec.intervals).toMatchObject([{ every: 60_000 }]);
    expect(restored?.action.type === 'startWorkflow' && restored.action.args).toEqual([]);
    expect(restored?.state).toMatchObject({ paused: true, note: 'sheet being reorganised' }); // an operator's pause outlives a reset too
    expect((await listSchedules(t.client, changed)).every((s) => s.drift.length === 0)).toBe(true);
  });

  test('bad edits are refused with what to give instead, and nothing changes', async () => {
    const before = await describeSchedule(t.client, 'cleanup');
    const none = await runCli('schedules', 'set', 'cleanup');
    expect(none.err).toContain('nothing to change: give cron, every or input');
    const both = await runCli('schedules', 'set', 'cleanup', '--cron', '0 1 * * *', '--every', '1h');
    expect(both.err).toContain('give cron or every, not both');
    const fields = await runCli('schedules', 'set', 'cleanup', '--cron', '0 1 * *');
    expect(fields.err).toContain('cron: expected 5 fields');
    const badRange = await runCli('schedules', 'set', 'cleanup', '--cron', '99 1 * * *');
    expect(badRange.code).toBe(1);
    expect(badRange.err).toMatch(/error: the server refused the edit/);
    const every = await runCli('schedules', 'set', 'cleanup', '--every', 'hourly');
    expect(every.err).toContain('every: "hourly" is not a duration');
    const json = await runCli('schedules', 'set', 'cleanup', '--input', '{nope');
    expect(json.err).toContain('--input: not valid JSON');
    const after = await describeSchedule(t.client, 'cleanup');
    expect(after?.spec).toEqual(before?.spec);
  });
});
