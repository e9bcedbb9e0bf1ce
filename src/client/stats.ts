/**
 * The service's figures for a period, as the HTTP API's `/stats`, the bot's `/stats` and
 * `cars-bot stats` give them: one reader and one text form, so the three never disagree. The
 * period is the last N hours (the API's and the CLI's default, 24) or today since midnight in
 * the operators' time zone (the bot's).
 */
import type { Figures } from '../common/stats';
import { wallTimeAt, zonedTimeToInstant } from '../common/zoned-time';
import type { Store } from '../db';

/** Which period: the last `hours`, or today in `timeZone`. */
export type StatsPeriod = { hours: number } | { today: true; timeZone: string };

/** The figures and the period they cover. */
export type Stats = Figures & { hours?: number; timeZone?: string };

/** Midnight of `now`'s day in `timeZone`. */
export function startOfDay(now: Date, timeZone: string): Date {
  const { year, month, day } = wallTimeAt(now.getTime(), timeZone);
  return zonedTimeToInstant({ year, month, day }, timeZone);
}

/** Reads the figures of the period ending `now`, counted in the database. */
export async function readStats(store: Pick<Store, 'figures'>, period: StatsPeriod, now = new Date()): Promise<Stats> {
  if ('today' in period) {
    const figures = await store.figures({ from: startOfDay(now, period.timeZone), to: now });
    return { ...figures, timeZone: period.timeZone };
  }
  const figures = await store.figures({ from: new Date(now.getTime() - period.hours * 3_600_000), to: now });
  return { hours: period.hours, ...figures };
}

/** The figures as a short message: the bot's reply and the CLI's output. */
export function formatFigures(stats: Stats): string {
  const byStatus = Object.entries(stats.postsByStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const heading = stats.timeZone
    ? `📊 Today, since 00:00 ${stats.timeZone}`
    : `📊 Last ${stats.hours ?? Math.round((stats.to.getTime() - stats.from.getTime()) / 3_600_000)} h, since ${stats.from.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  return [
    heading,
    `Received: ${stats.received}${byStatus ? ` (${byStatus})` : ''}`,
    `Car ads: ${stats.carAds} · duplicates: ${stats.duplicates}`,
    `Published: ${stats.published} · failed: ${stats.failed}`,
    `AI: ${stats.aiCalls} calls, ${stats.promptTokens + stats.completionTokens} tokens`,
    `Active subscribers: ${stats.activeSubscribers}`,
  ].join('\n');
}
