/**
 * "Not before": a start put off by a duration (`delay: "30s"`, `"1h"`) or to a time
 * (`notBefore: "2026-12-02T07:00:00Z"`) — Celery's `countdown` and `eta`. The API, the CLI and
 * `job run` read it here, and the start hands it to Temporal as the workflow's start delay: the
 * workflow exists (its id is taken, it shows in the Web UI with its execution time) but gets no
 * task before then, so nothing of it runs early, and the wait survives any restart.
 */

/** The two ways to say when, as a request gives them. */
export interface StartDelayRequest {
  delay?: string;
  notBefore?: string;
}

/** The longest a start may be put off: past that it is a schedule, not a delay. */
export const MAX_START_DELAY_MS = 30 * 86_400_000;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A delay or time that can't be used; `field` names which. */
export class StartDelayError extends Error {
  constructor(
    readonly field: 'delay' | 'notBefore',
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StartDelayError';
  }
}

/** `30s`, `15m`, `1h30m`, `2d` → ms. */
export function parseDelay(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+[smhd])+$/.test(trimmed)) throw new StartDelayError('delay', `"${text.slice(0, 40)}" is not a duration: expected e.g. 30s, 15m, 1h30m or 2d`);
  let ms = 0;
  for (const m of trimmed.matchAll(/(\d+)([smhd])/g)) ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms;
}

/** An ISO 8601 time with its offset (`Z` or `+05:00`), so it means one moment wherever it is read. */
export function parseNotBefore(text: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim()) ? new Date(text.trim()) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new StartDelayError('notBefore', `"${text.slice(0, 40)}" is not a time: expected ISO 8601 with its offset, e.g. 2026-12-02T07:00:00Z or 2026-12-02T12:00:00+05:00`);
  return at;
}

/** When a start should happen, as a delay from `now` and the moment itself. */
export interface StartDelay {
  delayMs: number;
  notBefore: Date;
}

/**
 * The request's delay, or undefined to start now. A `notBefore` already past starts now (as
 * Celery's past `eta` does); both at once, a negative or over-long wait are errors.
 */
export function resolveStartDelay(request: StartDelayRequest, now: Date = new Date()): StartDelay | undefined {
  if (request.delay !== undefined && request.notBefore !== undefined) throw new StartDelayError('delay', 'give delay or notBefore, not both');
  let delayMs: number;
  if (request.delay !== undefined) delayMs = parseDelay(request.delay);
  else if (request.notBefore !== undefined) delayMs = parseNotBefore(request.notBefore).getTime() - now.getTime();
  else return undefined;
  const field = request.delay !== undefined ? 'delay' : 'notBefore';
  if (delayMs > MAX_START_DELAY_MS) throw new StartDelayError(field, 'at most 30 days ahead; for work that recurs or is further off, use a schedule');
  if (delayMs <= 0) return undefined;
  return { delayMs, notBefore: new Date(now.getTime() + delayMs) };
}
