/**
 * Fairness weights of source channels: within one priority key the Temporal server shares the
 * workers between fairness keys (our source channels) in proportion to their weights, so a
 * channel that floods gets a *smaller* share than the others, not just an equal one.
 *
 * The weight follows the channel's recent volume, counted where posts are started (each watcher
 * counts its own hand-overs; the bot, the API and the CLI count the posts they start, per
 * process): up to `FAIR_SHARE_PER_HOUR` posts in the last hour the channel has the full weight,
 * 1; above it, `FAIR_SHARE_PER_HOUR / volume`, never below `MIN_FAIRNESS_WEIGHT` — 200 posts an
 * hour weigh 0.3, 1000 weigh 0.06. Computed rather than set in the sheet: a flood is a moment's
 * behaviour, not a channel's trait, and nobody has to notice it first. Workflow-safe: pure.
 */

/** Posts per hour a channel may hand over at the full weight (a busy live channel: one a minute). */
export const FAIR_SHARE_PER_HOUR = 60;
/** The lowest weight a flooding channel falls to: its posts still move, only more slowly. */
export const MIN_FAIRNESS_WEIGHT = 0.05;
/** How far back volume is counted. */
export const VOLUME_WINDOW_MS = 3_600_000;

/** The weight of a channel that started `postsInWindow` posts in the last hour (this one included). */
export function fairnessWeightFor(postsInWindow: number): number {
  if (postsInWindow <= FAIR_SHARE_PER_HOUR) return 1;
  return Math.max(MIN_FAIRNESS_WEIGHT, Math.round((FAIR_SHARE_PER_HOUR / postsInWindow) * 1000) / 1000);
}

/** One channel's start times after counting one more at `nowMs`: those within the window, and the new start's weight. */
export function recordStart(times: readonly number[], nowMs: number): { times: number[]; weight: number } {
  const kept = times.filter((t) => t > nowMs - VOLUME_WINDOW_MS);
  kept.push(nowMs);
  return { times: kept, weight: fairnessWeightFor(kept.length) };
}

/**
 * A sliding count of posts started per channel over `VOLUME_WINDOW_MS`: `record` counts one and
 * returns the channel's weight for it. Plain state, so a workflow can keep one too (its clock is
 * the workflow's).
 */
export class ChannelVolume {
  private readonly starts = new Map<string, number[]>();

  /** Counts a post of `channel` started at `nowMs`; its fairness weight. */
  record(channel: string, nowMs: number): number {
    const { times, weight } = recordStart(this.starts.get(channel) ?? [], nowMs);
    this.starts.set(channel, times);
    // Keep the map small: channels quiet for the whole window are forgotten.
    if (this.starts.size > 1000) for (const [key, list] of this.starts) if (list.every((t) => t <= nowMs - VOLUME_WINDOW_MS)) this.starts.delete(key);
    return weight;
  }
}
