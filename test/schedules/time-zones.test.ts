import { applySchedules, scheduleDefinitions } from '../../src/schedules';
import { openTestTemporal, testConfig, type TestTemporal } from '../harness/temporal';
import { clockIn, describe as describeSchedule, testDefinition } from './fixtures';

const DAY = 24 * 3_600_000;

/** Asserts that `time` on the Almaty clock is `start` (seconds of the day) plus at most `jitter` seconds. */
function expectWithin(time: Date, start: number, jitter: number): void {
  const [h, m, sec] = clockIn(time, 'Asia/Almaty').split(':').map(Number);
  const secondsOfDay = h * 3600 + m * 60 + sec;
  expect(secondsOfDay).toBeGreaterThanOrEqual(start);
  expect(secondsOfDay).toBeLessThanOrEqual(start + jitter);
}

describe('next run times follow the cron and the time zone', () => {
  let t: TestTemporal;
  beforeAll(async () => {
    t = await openTestTemporal();
  });
  afterAll(() => t.close());

  test('03:00 in a fixed-offset zone (Asia/Kolkata, UTC+05:30) is 21:30 UTC, every day', async () => {
    await applySchedules(t.client, [testDefinition('kolkata-nightly', { timezone: 'Asia/Kolkata' })]);
    const next = (await describeSchedule(t.client, 'kolkata-nightly'))?.info.nextActionTimes ?? [];
    expect(next.length).toBeGreaterThanOrEqual(3);
    for (const time of next) expect(time.toISOString()).toMatch(/T21:30:00\.000Z$/);
    for (let i = 1; i < next.length; i++) expect(next[i].getTime() - next[i - 1].getTime()).toBe(DAY);
  });

  test('03:00 in Asia/Almaty is 03:00 on the Almaty clock (the UTC hour comes from the tz database)', async () => {
    await applySchedules(t.client, [testDefinition('almaty-nightly', { timezone: 'Asia/Almaty' })]);
    const next = (await describeSchedule(t.client, 'almaty-nightly'))?.info.nextActionTimes ?? [];
    expect(next.length).toBeGreaterThanOrEqual(3);
    // The server and Node read the same tz database here. Kazakhstan has been on UTC+5 since
    // 2024-03-01 (tzdata 2024a), so this is 22:00 UTC the day before (21:00 with older data).
    for (const time of next) expect(clockIn(time, 'Asia/Almaty')).toBe('03:00:00');
    for (const time of next) expect(time.getUTCMinutes()).toBe(0);
  });

  test('SCHEDULE_TIMEZONE reaches every declared schedule; jitter stays within its bound', async () => {
    const config = testConfig({ SCHEDULE_TIMEZONE: 'Asia/Almaty' });
    const definitions = scheduleDefinitions(config);
    expect(new Set(definitions.map((d) => d.timezone))).toEqual(new Set(['Asia/Almaty']));
    expect(new Set(scheduleDefinitions(testConfig()).map((d) => d.timezone))).toEqual(new Set(['UTC']));
    await applySchedules(t.client, definitions);

    const cleanup = await describeSchedule(t.client, 'cleanup');
    expect(cleanup?.spec.timezone).toBe('Asia/Almaty');
    for (const time of cleanup?.info.nextActionTimes ?? []) expectWithin(time, 3 * 3600, 5 * 60);
    const check = await describeSchedule(t.client, 'check-subscriptions');
    for (const time of check?.info.nextActionTimes ?? []) expectWithin(time, 0, 60);
    const sync = await describeSchedule(t.client, 'sync-channels');
    const minutes = (sync?.info.nextActionTimes ?? []).map((d) => Math.floor(d.getTime() / 60_000));
    expect(minutes.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] - minutes[i - 1]).toBe(1);
  });
});
