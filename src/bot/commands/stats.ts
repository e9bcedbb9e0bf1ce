/** `/stats`: today's figures (since midnight in the operators' time zone), read from the database. */
import { wallTimeAt, zonedTimeToInstant } from '../../common/zoned-time';
import type { Figures } from '../../common/stats';
import type { BotDeps } from '../bot-deps';

/** Midnight of `now`'s day in `timeZone`. */
export function startOfDay(now: Date, timeZone: string): Date {
  const { year, month, day } = wallTimeAt(now.getTime(), timeZone);
  return zonedTimeToInstant({ year, month, day }, timeZone);
}

/** The figures as a short message for an admin. */
export function formatFigures(figures: Figures, timeZone: string): string {
  const byStatus = Object.entries(figures.postsByStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return [
    `📊 Today, since 00:00 ${timeZone}`,
    `Received: ${figures.received}${byStatus ? ` (${byStatus})` : ''}`,
    `Car ads: ${figures.carAds} · duplicates: ${figures.duplicates}`,
    `Published: ${figures.published} · failed: ${figures.failed}`,
    `AI: ${figures.aiCalls} calls, ${figures.promptTokens + figures.completionTokens} tokens`,
    `Active subscribers: ${figures.activeSubscribers}`,
  ].join('\n');
}

/** The answer to `/stats`. */
export async function statsReply(deps: BotDeps, now = new Date()): Promise<string> {
  const figures = await deps.store.figures({ from: startOfDay(now, deps.timeZone), to: now });
  return formatFigures(figures, deps.timeZone);
}
