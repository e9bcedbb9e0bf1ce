/**
 * What a schedule does, as the server has it now — its times (spec) and its input — hashed, so a
 * change made outside `schedules apply` (`schedules set`, `PATCH /schedules/{id}`, the Web UI,
 * `temporal schedule update`) is seen; and shown as text, so people can compare it with the code.
 * The server compiles cron strings into calendars, so the hash is taken of the server's own
 * description, right after each apply, and kept in the action memo (`liveHash`).
 */
import { createHash } from 'node:crypto';
import type { CalendarSpecDescription, ScheduleDescription, ScheduleSpecDescription } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { stableStringify } from './fingerprint';
import type { ScheduleDefinition } from './schedule-definition';

/** Hash of the live spec and input (and what the action starts), as the server describes them. */
export function liveHash(live: ScheduleDescription): string {
  const action = live.action as { workflowType?: string; taskQueue?: string; args?: unknown[] };
  const { calendars, intervals, skip, startAt, endAt, timezone } = live.spec;
  const what = { calendars, intervals, skip, startAt: startAt?.toISOString(), endAt: endAt?.toISOString(), timezone: timezone || 'UTC', args: action.args ?? [], workflowType: action.workflowType, taskQueue: action.taskQueue };
  return createHash('sha256').update(stableStringify(what)).digest('hex').slice(0, 16);
}

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

type Field = { start: number | string; end: number | string; step: number }[];

/** One calendar field in cron notation: `*`, `5`, `1-5`, `*\/15`, `0,30`. */
function cronField(ranges: Field, min: number, max: number, names?: string[]): string {
  const num = (v: number | string) => (typeof v === 'number' ? v : (names?.indexOf(v) ?? 0) + (names === MONTHS ? 1 : 0));
  return ranges
    .map((r) => {
      const start = num(r.start);
      const end = num(r.end ?? r.start);
      const step = r.step || 1;
      const whole = start === min && end >= max;
      if (whole) return step === 1 ? '*' : `*/${step}`;
      if (start === end) return String(start);
      return step === 1 ? `${start}-${end}` : `${start}-${end}/${step}`;
    })
    .join(',');
}

/** A calendar as a cron line (minute hour day-of-month month day-of-week), seconds when not :00. */
function calendarText(c: CalendarSpecDescription): string {
  const cron = [cronField(c.minute, 0, 59), cronField(c.hour, 0, 23), cronField(c.dayOfMonth, 1, 31), cronField(c.month as Field, 1, 12, MONTHS), cronField(c.dayOfWeek as Field, 0, 6, DAYS)].join(' ');
  const seconds = cronField(c.second, 0, 59);
  return seconds === '0' ? cron : `${cron} (second ${seconds})`;
}

/** `30m`, `1h`, `90s`: an interval the way people write it. */
export function durationText(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** The live times as text: `*\/5 * * * *`, `every 30m`, joined with ` | `. */
export function liveSpecText(spec: ScheduleSpecDescription): string {
  const parts = [...(spec.calendars ?? []).map(calendarText), ...(spec.intervals ?? []).map((i) => `every ${durationText(msToNumber(i.every))}`)];
  return parts.join(' | ') || '(no times)';
}

/** The declared times as text, in the same notation. */
export function declaredSpecText(def: Pick<ScheduleDefinition, 'cron' | 'every'>): string {
  return [...def.cron, ...(def.every ?? []).map((e) => `every ${durationText(msToNumber(e))}`)].join(' | ');
}
