/**
 * Quiet hours of our channel (`PUBLISH_QUIET_HOURS=00:00-07:00`, in SCHEDULE_TIMEZONE): a
 * listing that is ready inside the range waits for its end, so subscribers aren't woken at night.
 * A range may cross midnight (`22:30-06:00`). Pure and built on Intl (zoned-time.ts), so the
 * zone's DST rules apply; workflow-safe.
 *
 * Oldest first in the morning: every held listing is released at the range's end plus a
 * stagger that grows with how late in the night it became ready (the night compressed
 * `STAGGER_COMPRESSION`-fold: a 7 h night spreads over 42 s), so the listings reach the
 * publishing queue in the order they became ready, and the queue hands them out in that order
 * at its normal pace.
 */
import { nextDay, wallTimeAt, zonedTimeToInstant } from './zoned-time';

/** A daily range of wall-clock minutes; `startMinute > endMinute` crosses midnight. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
  /** As configured, e.g. `00:00-07:00`. */
  text: string;
}

/**
 * The quiet hours as a post's workflow carries them (in its input, set by whoever starts it from
 * PUBLISH_QUIET_HOURS and SCHEDULE_TIMEZONE): the hold is then decided in the workflow from
 * workflow time, and with the setting off (`null`) nothing is scheduled for it.
 */
export interface PostQuietHours {
  hours: QuietHours;
  /** The zone the range is read in (SCHEDULE_TIMEZONE). */
  timeZone: string;
}

/** What a starter puts in a post's input: the range and its zone, or null when there are none. */
export function postQuietHours(hours: QuietHours | undefined, timeZone: string): PostQuietHours | null {
  return hours ? { hours, timeZone } : null;
}

/** A listing held for the quiet hours: until when, and what to show. */
export interface QuietHoursHold {
  /** Epoch ms the listing goes out at (the range's end plus its stagger). */
  releaseAtMs: number;
  /** Epoch ms the range ends. */
  endsAtMs: number;
  /** The range's end as shown: `07:00`. */
  endsAt: string;
}

/** How much the night is compressed into the morning's stagger (1 ms per 600 ms of night). */
export const STAGGER_COMPRESSION = 600;

/** Why a quiet-hours value can't be used. */
export class QuietHoursError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuietHoursError';
  }
}

function minuteOf(text: string, which: string, whole: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new QuietHoursError(`"${whole}": the ${which} time "${text}" is not HH:MM (00:00 to 23:59)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM-HH:MM` → a range; throws QuietHoursError saying what is wrong. */
export function parseQuietHours(value: string): QuietHours {
  const text = value.trim();
  const parts = text.split('-');
  if (parts.length !== 2) throw new QuietHoursError(`"${text.slice(0, 40)}" is not a range: expected HH:MM-HH:MM, e.g. 00:00-07:00 or 22:30-06:00`);
  const startMinute = minuteOf(parts[0].trim(), 'start', text);
  const endMinute = minuteOf(parts[1].trim(), 'end', text);
  if (startMinute === endMinute) throw new QuietHoursError(`"${text}": start and end are the same time; leave PUBLISH_QUIET_HOURS unset for no quiet hours`);
  return { startMinute, endMinute, text: `${hhmm(startMinute)}-${hhmm(endMinute)}` };
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The hold for a listing ready at `nowMs`, or undefined when that is outside the quiet hours.
 */
export function quietHoursHold(hours: QuietHours, nowMs: number, timeZone: string): QuietHoursHold | undefined {
  const wall = wallTimeAt(nowMs, timeZone);
  const minute = wall.hour * 60 + wall.minute;
  const crosses = hours.startMinute > hours.endMinute;
  const inside = crosses ? minute >= hours.startMinute || minute < hours.endMinute : minute >= hours.startMinute && minute < hours.endMinute;
  if (!inside) return undefined;
  const today = { year: wall.year, month: wall.month, day: wall.day };
  // Crossing midnight and before it: the range ends tomorrow, and began today.
  const endDay = crosses && minute >= hours.startMinute ? nextDay(today) : today;
  const endsAtMs = zonedTimeToInstant({ ...endDay, hour: Math.floor(hours.endMinute / 60), minute: hours.endMinute % 60 }, timeZone).getTime();
  const startsAtMs = endsAtMs - rangeLengthMs(hours);
  const stagger = Math.max(0, Math.round((nowMs - startsAtMs) / STAGGER_COMPRESSION));
  return { releaseAtMs: endsAtMs + stagger, endsAtMs, endsAt: hhmm(hours.endMinute) };
}

/** The range's length on a day without a clock change. */
function rangeLengthMs(hours: QuietHours): number {
  const minutes = (hours.endMinute - hours.startMinute + 24 * 60) % (24 * 60);
  return minutes * 60_000;
}
