/**
 * Reading one cell typed by an operator: the active flag, a plan name, an end date, a Telegram
 * user id, a chat reference. Each parser says what it expected when the cell is wrong, so the
 * sync can report the row instead of storing a typo. Pure; cells come as the Sheets API renders
 * them unformatted (numbers, booleans, strings; dates as serial numbers).
 */
import { normaliseChatRef } from '../../db/chat-ref';
import { SUBSCRIPTION_PLANS, toSubscriptionPlan, type SubscriptionPlan } from '../../common/subscription-plans';
import { isCalendarDate, nextDay, zonedTimeToInstant } from './zoned-time';

/** A parsed cell, or why it could not be read. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = <T>(reason: string): CellResult<T> => ({ ok: false, reason });

/** A cell as text, trimmed; empty cells (absent, null, '') are ''. */
export function cellText(cell: unknown): string {
  if (cell === undefined || cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).trim();
}

/** Quoted and shortened, for messages. */
export function shown(cell: unknown): string {
  const text = cellText(cell);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'да', 'д', '+', 'x', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'нет', 'н', '-']);

/** The active flag: a checkbox, TRUE/FALSE, yes/no, 1/0 (also да/нет); empty means active. */
export function parseActiveFlag(cell: unknown): CellResult<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = cellText(cell).toLowerCase();
  if (text === '') return ok(true);
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return bad(`expected TRUE/FALSE, yes/no or 1/0, got ${shown(cell)}`);
}

/** A channel: `@username`, a t.me link or a numeric chat id, normalised for storage. */
export function parseChannelRef(cell: unknown): CellResult<string> {
  const text = cellText(cell);
  if (text === '') return bad('missing');
  try {
    return ok(normaliseChatRef(text));
  } catch {
    return bad(`expected @username, a t.me link or a numeric chat id, got ${shown(cell)}`);
  }
}

/** A Telegram user id: a positive whole number (as a number or as digits). */
export function parseTelegramUserId(cell: unknown): CellResult<number> {
  const text = cellText(cell);
  if (text === '') return bad('missing');
  const value = typeof cell === 'number' ? cell : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) return bad(`expected a numeric Telegram user id, got ${shown(cell)}`);
  return ok(value);
}

/** A Telegram username, stored without `@`; empty is allowed. */
export function parseUsername(cell: unknown): CellResult<string | null> {
  const text = cellText(cell).replace(/^@/, '');
  if (text === '') return ok(null);
  if (!/^[A-Za-z0-9_]{3,32}$/.test(text)) return bad(`expected a Telegram username (letters, digits, _), got ${shown(cell)}`);
  return ok(text);
}

/** A plan from the list (any case, common aliases). */
export function parsePlan(cell: unknown): CellResult<SubscriptionPlan> {
  const text = cellText(cell);
  if (text === '') return bad(`missing (expected one of ${SUBSCRIPTION_PLANS.join(', ')})`);
  const plan = toSubscriptionPlan(text);
  return plan ? ok(plan) : bad(`unknown plan ${shown(cell)} (expected one of ${SUBSCRIPTION_PLANS.join(', ')})`);
}

/** Days from the Sheets epoch (30 Dec 1899) to the Unix epoch. */
const SERIAL_UNIX_EPOCH = 25_569;
const DAY_MS = 86_400_000;

/**
 * The end of a subscription. A date alone means "through that day": the subscription ends at
 * the next midnight in `timeZone`. Accepted: a date cell (serial number), `YYYY-MM-DD`,
 * `DD.MM.YYYY`, either with `HH:MM[:SS]`, or an ISO time with `Z`/offset. Empty: no end.
 */
export function parseExpiry(cell: unknown, timeZone: string): CellResult<Date | null> {
  if (typeof cell === 'number') return fromSerial(cell, timeZone, cell);
  const text = cellText(cell);
  if (text === '') return ok(null);
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), timeZone, cell);

  const exact = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (exact) {
    const date = new Date(text);
    const [y, m, d] = text.slice(0, 10).split('-').map(Number);
    return !Number.isNaN(date.getTime()) && isCalendarDate(y, m, d) ? ok(date) : bad(notADate(cell));
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const parts = iso
    ? { year: iso[1], month: iso[2], day: iso[3], hour: iso[4], minute: iso[5], second: iso[6] }
    : dotted
      ? { year: dotted[3], month: dotted[2], day: dotted[1], hour: dotted[4], minute: dotted[5], second: dotted[6] }
      : undefined;
  if (!parts) return bad(notADate(cell));
  const date = { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
  if (!isCalendarDate(date.year, date.month, date.day)) return bad(notADate(cell));
  if (parts.hour === undefined) return ok(zonedTimeToInstant(nextDay(date), timeZone));
  const time = { hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second ?? 0) };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return bad(notADate(cell));
  return ok(zonedTimeToInstant({ ...date, ...time }, timeZone));
}

function notADate(cell: unknown): string {
  return `expected a date such as 2026-12-31 or 31.12.2026 (optionally with HH:MM), got ${shown(cell)}`;
}

/** A Sheets date-time serial number, read as wall-clock time in `timeZone`. */
function fromSerial(serial: number, timeZone: string, cell: unknown): CellResult<Date | null> {
  // 1 = 31 Dec 1899 ... 2958465 = 31 Dec 9999; anything else is not a date cell.
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return bad(notADate(cell));
  const wall = new Date(Math.round((serial - SERIAL_UNIX_EPOCH) * DAY_MS));
  const date = { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
  if (Number.isInteger(serial)) return ok(zonedTimeToInstant(nextDay(date), timeZone));
  return ok(zonedTimeToInstant({ ...date, hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() }, timeZone));
}

/** Free text (title, notes): empty is null. */
export function parseText(cell: unknown): string | null {
  const text = cellText(cell);
  return text === '' ? null : text;
}

/** Longest per-channel poll interval a sheet may ask for. */
const MAX_POLL_INTERVAL_SECONDS = 86_400;

/**
 * A channel's poll interval in seconds: `90`, `90s`, `5m`, `1h`; empty: the default
 * (MONITOR_POLL_INTERVAL). Between 1 second and a day.
 */
export function parsePollInterval(cell: unknown): CellResult<number | null> {
  const text = cellText(cell).toLowerCase();
  if (text === '') return ok(null);
  const m = /^(\d+(?:\.\d+)?)\s*(s|sec|m|min|h)?$/.exec(text);
  const seconds = m ? Number(m[1]) * { s: 1, sec: 1, m: 60, min: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'sec' | 'm' | 'min' | 'h'] : NaN;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > MAX_POLL_INTERVAL_SECONDS) {
    return bad(`expected seconds (90), or 90s, 5m, 1h, from 1 second to a day; got ${shown(cell)}`);
  }
  return ok(Math.round(seconds));
}
