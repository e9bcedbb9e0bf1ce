/**
 * Timing shared by the publishing workflow's activity options and the publishing workers: the
 * heartbeat timeout after which Temporal retries a dead `sendListing` attempt is also the longest
 * a worker's hold on the channel (PUBLISH_LEASE) may last without a heartbeat, so a dead holder
 * never stops the channel for longer than Temporal takes to notice it.
 */

/** `publishActivity`'s heartbeat timeout, and the upper bound of PUBLISH_LEASE. */
export const PUBLISH_HEARTBEAT_TIMEOUT_MS = 15_000;

/** Sends allowed in one window: `ratePerMinute` scaled to the window, at least one. */
export function sendsPerWindow(ratePerMinute: number, windowMs: number): number {
  return Math.max(1, Math.floor((ratePerMinute * windowMs) / 60_000 + 1e-9));
}
