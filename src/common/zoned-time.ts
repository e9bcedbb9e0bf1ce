/**
 * Calendar days and wall-clock times in the operators' time zone (SCHEDULE_TIMEZONE). A date
 * typed in the Subscribers sheet and an Analytics row's day mean that zone's day, not UTC's.
 * Pure, built on Intl, so it follows the zone's DST rules.
 */

/** A wall-clock time; month is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at `instant` in `timeZone`. */
export function wallTimeAt(instant: number, timeZone: string): Required<WallTime> {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time in `timeZone` names (in a DST gap: the time just after it). */
export function zonedTimeToInstant(time: WallTime, timeZone: string): Date {
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour ?? 0, time.minute ?? 0, time.second ?? 0);
  // Two passes: the offset at the first guess may differ from the offset at the answer (DST).
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/** Whether the fields name a real calendar date (no 31 April, 29 February only in leap years). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function zonedDay(instant: number, timeZone: string): string {
  const w = wallTimeAt(instant, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD`; undefined when it is not a calendar date. */
export function parseDay(day: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(year, month, d) ? { year, month, day: d } : undefined;
}

/** The day after a calendar date. */
export function nextDay(date: { year: number; month: number; day: number }): { year: number; month: number; day: number } {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** Start and end (exclusive) of a `YYYY-MM-DD` day in `timeZone`. */
export function dayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  const date = parseDay(day);
  if (!date) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return { from: zonedTimeToInstant(date, timeZone), to: zonedTimeToInstant(nextDay(date), timeZone) };
}
