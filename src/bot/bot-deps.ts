/**
 * What the bot's handlers work with, passed in once: a Temporal client to start and query
 * workflows, the store to read channels, posts and figures, the declared jobs, and who the
 * admins are. Handlers never do the pipeline's work themselves.
 */
import type { Client } from '@temporalio/client';
import type { Store } from '../db';
import type { Logger } from '../observability/logger';
import type { ScheduleDefinition } from '../schedules';

/** The handlers' dependencies, passed in once when the bot is built. */
export interface BotDeps {
  client: Client;
  store: Store;
  definitions: readonly ScheduleDefinition[];
  /** Telegram user ids allowed admin commands and forwarding posts (TELEGRAM_ADMIN_IDS). */
  adminIds: readonly number[];
  /** The operators' time zone: "today" in `/stats` starts at its midnight. */
  timeZone: string;
  log: Logger;
  /** How long to wait after an album's last photo before taking it as complete (default 1 500 ms). */
  albumWaitMs?: number;
  /** How long `/health` waits for a fresh check when none has run yet (default 30 s). */
  healthWaitMs?: number;
}

/** Whether this Telegram user may use admin commands. */
export function isAdmin(deps: Pick<BotDeps, 'adminIds'>, userId: number | undefined): boolean {
  return userId !== undefined && deps.adminIds.includes(userId);
}
