/**
 * Heartbeats for an attempt once it has run a while, so that a short heartbeat timeout can tell
 * an attempt no worker runs from one that is just waiting.
 *
 * An attempt can be started on the server and never reach a worker: under load, the server's
 * matching service stops waiting for the history service's answer to "record this task as
 * started" while history has already recorded it, and the task is then handed to no poll
 * (temporalio/temporal#11733). Nothing runs it, so nothing fails it: without a heartbeat timeout
 * only the start-to-close timeout ends it (90 s for an AI step), and the post waits that long.
 * With one, the server retries such an attempt after the heartbeat timeout.
 *
 * Quick attempts finish before their first heartbeat is due and send none, so this costs no
 * round trip on the common path; an attempt that waits (on OpenAI, on a rate limit, on the
 * database) heartbeats every quarter of its heartbeat timeout. The SDK sends the first heartbeat
 * at once and later ones at most every 0.8 timeout, so the server hears from a running attempt
 * well within the timeout. Only for activities that keep no heartbeat details of their own: a
 * heartbeat here carries none.
 */
import { Context } from '@temporalio/activity';

/** Heartbeats this often, as a share of the attempt's heartbeat timeout. */
const SHARE_OF_TIMEOUT = 0.25;

/** `fn` heartbeating while it runs past a quarter of its attempt's heartbeat timeout (none set: `fn` as it is). */
export function heartbeatWhileRunning<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const context = Context.current();
    const timeoutMs = context.info.heartbeatTimeoutMs;
    if (!timeoutMs) return fn(...args);
    const timer = setInterval(() => context.heartbeat(), Math.max(1, Math.floor(timeoutMs * SHARE_OF_TIMEOUT)));
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
}
