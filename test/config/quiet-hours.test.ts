import { buildAppConfig, parseEnv } from '../../src/config';
import { parseQuietHours, quietHoursHold, STAGGER_COMPRESSION } from '../../src/common/quiet-hours';

const at = (iso: string) => Date.parse(iso);

describe('PUBLISH_QUIET_HOURS', () => {
  test('off by default; a valid range reaches the config', () => {
    expect(buildAppConfig(parseEnv({})).limits.publishQuietHours).toBeUndefined();
    expect(buildAppConfig(parseEnv({ PUBLISH_QUIET_HOURS: '00:00-07:00' })).limits.publishQuietHours).toEqual({ startMinute: 0, endMinute: 420, text: '00:00-07:00' });
  });

  test('a bad value is refused, naming the setting and what is wrong', () => {
    expect(() => parseEnv({ PUBLISH_QUIET_HOURS: '0-7' })).toThrow(/PUBLISH_QUIET_HOURS: "0-7": the start time "0" is not HH:MM/);
    expect(() => parseEnv({ PUBLISH_QUIET_HOURS: '23:00-24:00' })).toThrow(/PUBLISH_QUIET_HOURS: "23:00-24:00": the end time "24:00" is not HH:MM/);
    expect(() => parseEnv({ PUBLISH_QUIET_HOURS: '07:00' })).toThrow(/PUBLISH_QUIET_HOURS: "07:00" is not a range: expected HH:MM-HH:MM/);
    expect(() => parseEnv({ PUBLISH_QUIET_HOURS: '07:00-07:00' })).toThrow(/start and end are the same time/);
  });

  test('a range within a day holds listings ready inside it until its end, in the zone', () => {
    const hours = parseQuietHours('00:00-07:00');
    // 01:30 in Almaty (UTC+5) is 20:30 UTC the day before; the end is 07:00 Almaty = 02:00 UTC.
    const hold = quietHoursHold(hours, at('2026-12-01T20:30:00Z'), 'Asia/Almaty');
    expect(hold).toMatchObject({ endsAtMs: at('2026-12-02T02:00:00Z'), endsAt: '07:00' });
    expect(hold!.releaseAtMs - hold!.endsAtMs).toBe((90 * 60_000) / STAGGER_COMPRESSION);
    expect(quietHoursHold(hours, at('2026-12-02T02:00:00Z'), 'Asia/Almaty')).toBeUndefined();
    expect(quietHoursHold(hours, at('2026-12-02T12:00:00Z'), 'Asia/Almaty')).toBeUndefined();
  });

  test('a range crossing midnight ends the next morning before midnight, the same morning after it', () => {
    const hours = parseQuietHours('22:30-06:00');
    expect(quietHoursHold(hours, at('2026-12-02T23:00:00Z'), 'UTC')?.endsAtMs).toBe(at('2026-12-03T06:00:00Z'));
    expect(quietHoursHold(hours, at('2026-12-03T05:59:00Z'), 'UTC')?.endsAtMs).toBe(at('2026-12-03T06:00:00Z'));
    expect(quietHoursHold(hours, at('2026-12-02T22:29:00Z'), 'UTC')).toBeUndefined();
    expect(quietHoursHold(hours, at('2026-12-03T06:00:00Z'), 'UTC')).toBeUndefined();
  });

  test('later in the night, later in the morning: the release keeps the order listings became ready in', () => {
    const hours = parseQuietHours('00:00-07:00');
    const releases = ['00:00', '00:01', '03:00', '06:59'].map((t) => quietHoursHold(hours, at(`2026-12-02T${t}:00Z`), 'UTC')!.releaseAtMs);
    expect([...releases].sort((a, b) => a - b)).toEqual(releases);
    expect(new Set(releases).size).toBe(4);
    // A whole night spreads over less than a minute of the morning.
    expect(releases[3] - at('2026-12-02T07:00:00Z')).toBeLessThan(60_000);
  });

  test('follows the zone\'s clock changes', () => {
    // Europe/Berlin goes from UTC+1 to UTC+2 at 02:00 on 29 March 2026: 07:00 is 05:00 UTC that morning.
    const hold = quietHoursHold(parseQuietHours('00:00-07:00'), at('2026-03-29T00:30:00Z'), 'Europe/Berlin');
    expect(hold?.endsAtMs).toBe(at('2026-03-29T05:00:00Z'));
  });
});
