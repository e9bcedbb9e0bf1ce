/**
 * How long an activity asks Temporal to wait before its next attempt when the vendor gave no
 * time of its own (OpenAI, Telegram and Google alike): exponential, capped, with jitter so
 * workers that failed together don't come back together.
 */

/** Retry spacing: exponential from `initialMs`, capped at `maxMs`; `random` for tests. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  random?: () => number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped at `maxMs`. */
export function backoffDelayMs(attempt: number, { initialMs, maxMs, random = Math.random }: BackoffPolicy): number {
  const exp = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
