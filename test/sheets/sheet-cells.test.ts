import { parseActiveFlag, parseChannelRef, parseExpiry, parsePlan, parseTelegramUserId, parseUsername } from '../../src/activities/sheets/sheet-cells';

const ALMATY = 'Asia/Almaty'; // UTC+5 all year
const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }) => (r.ok ? r.value : `error: ${r.reason}`);

describe('cells typed by operators', () => {
  test('active flag: checkboxes, words in two languages, empty means active, anything else is an error', () => {
    expect([true, false, 'TRUE', 'false', 'Yes', 'no', '1', '0', 'да', 'Нет', '', null, undefined].map((c) => value(parseActiveFlag(c)))).toEqual([
      true, false, true, false, true, false, true, false, true, false, true, true, true,
    ]);
    expect(value(parseActiveFlag('maybe'))).toBe('error: expected TRUE/FALSE, yes/no or 1/0, got "maybe"');
  });

  test('channel: @username, t.me link or numeric id, normalised; a bad one says what was expected', () => {
    expect(value(parseChannelRef('@Cars_KZ'))).toBe('@cars_kz');
    expect(value(parseChannelRef('https://t.me/auto_almaty/'))).toBe('@auto_almaty');
    expect(value(parseChannelRef(-1001234567890))).toBe('-1001234567890');
    expect(value(parseChannelRef('cars kz!'))).toMatch(/^error: expected @username, a t\.me link or a numeric chat id, got "cars kz!"/);
    expect(value(parseChannelRef(''))).toBe('error: missing');
  });

  test('telegram user id: positive whole numbers, as numbers or digits', () => {
    expect(value(parseTelegramUserId(4242))).toBe(4242);
    expect(value(parseTelegramUserId(' 5353 '))).toBe(5353);
    for (const bad of ['@aigerim', '42.5', 42.5, -7, 0, '1e5']) {
      expect(value(parseTelegramUserId(bad))).toMatch(/^error: expected a numeric Telegram user id/);
    }
  });

  test('username: optional, stored without @', () => {
    expect(value(parseUsername('@aigerim'))).toBe('aigerim');
    expect(value(parseUsername(''))).toBeNull();
    expect(value(parseUsername('two words'))).toMatch(/^error: expected a Telegram username/);
  });

  test('plan: the known plans in any case, common aliases, else an error listing them', () => {
    expect(['month', 'Week', ' YEAR ', 'monthly', 'Месяц'].map((c) => value(parsePlan(c)))).toEqual(['month', 'week', 'year', 'month', 'month']);
    expect(value(parsePlan('platinum'))).toBe('error: unknown plan "platinum" (expected one of trial, week, month, quarter, year)');
    expect(value(parsePlan(''))).toMatch(/^error: missing/);
  });

  test('expiry: a date alone runs through that day in the operators\' time zone', () => {
    // The end of 31 Dec 2026 in Almaty is 1 Jan 2027 00:00 +05:00.
    const end = '2026-12-31T19:00:00.000Z';
    expect((parseExpiry('2026-12-31', ALMATY) as { value: Date }).value.toISOString()).toBe(end);
    expect((parseExpiry('31.12.2026', ALMATY) as { value: Date }).value.toISOString()).toBe(end);
    // A date cell comes as a serial number (days since 30 Dec 1899).
    expect((parseExpiry(46387, ALMATY) as { value: Date }).value.toISOString()).toBe(end);
  });

  test('expiry: with a time, that moment; an ISO time with offset as written; empty means no end', () => {
    expect((parseExpiry('2026-12-31 18:30', ALMATY) as { value: Date }).value.toISOString()).toBe('2026-12-31T13:30:00.000Z');
    expect((parseExpiry('31.12.2026 18:30', ALMATY) as { value: Date }).value.toISOString()).toBe('2026-12-31T13:30:00.000Z');
    expect((parseExpiry('2026-12-31T18:30:00Z', ALMATY) as { value: Date }).value.toISOString()).toBe('2026-12-31T18:30:00.000Z');
    expect((parseExpiry(46387.5, ALMATY) as { value: Date }).value.toISOString()).toBe('2026-12-31T07:00:00.000Z');
    expect(value(parseExpiry('', ALMATY))).toBeNull();
  });

  test('expiry: impossible or ambiguous dates are errors', () => {
    for (const bad of ['2026-02-30', '31/12/2026', 'next month', '2026-12-31 25:00', '32.01.2026']) {
      expect(value(parseExpiry(bad, ALMATY))).toMatch(/^error: expected a date such as 2026-12-31 or 31\.12\.2026/);
    }
  });
});
