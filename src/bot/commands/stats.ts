/** `/stats`: today's figures (since midnight in the operators' time zone), read from the database. */
import { formatFigures, readStats } from '../../client/stats';
import type { BotDeps } from '../bot-deps';

export { startOfDay } from '../../client/stats';

/** The answer to `/stats`: the same figures and text as `cars-bot stats --today`. */
export async function statsReply(deps: BotDeps, now = new Date()): Promise<string> {
  return formatFigures(await readStats(deps.store, { today: true, timeZone: deps.timeZone }, now));
}
