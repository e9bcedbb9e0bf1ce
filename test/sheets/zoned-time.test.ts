import { dayBounds, zonedDay, zonedTimeToInstant } from '../../src/common/zoned-time';

describe('days in the operators\' time zone', () => {
  test('a day\'s bounds are its local midnights', () => {
    expect(dayBounds('2026-11-20', 'Asia/Almaty')).toEqual({ from: new Date('2026-11-19T19:00:00Z'), to: new Date('2026-11-20T19:00:00Z') });
    expect(dayBounds('2026-11-20', 'UTC')).toEqual({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
  });

  test('a day with a DST change is 23 or 25 hours long', () => {
    const spring = dayBounds('2026-03-29', 'Europe/Berlin');
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * 3_600_000);
    const autumn = dayBounds('2026-10-25', 'Europe/Berlin');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3_600_000);
  });

  test('the day of an instant, and the instant of a wall-clock time', () => {
    expect(zonedDay(Date.parse('2026-11-20T20:30:00Z'), 'Asia/Almaty')).toBe('2026-11-21');
    expect(zonedDay(Date.parse('2026-11-20T20:30:00Z'), 'UTC')).toBe('2026-11-20');
    expect(zonedTimeToInstant({ year: 2026, month: 7, day: 1, hour: 12 }, 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(() => dayBounds('2026-02-30', 'UTC')).toThrow(RangeError);
  });
});
