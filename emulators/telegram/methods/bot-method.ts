/**
 * The contract every emulated Bot API method follows: typed parameters in, the `result` of a
 * successful call out, a TelegramApiError for any failure — so the server renders all methods'
 * answers and errors in one place.
 */
import type { UserFromGetMe } from 'grammy/types';
import type { BotParams } from '../params';
import type { SendRateLimiter } from '../rate-limiter';
import type { TelegramState } from '../state';
import type { UpdateQueue } from '../update-queue';
import type { WebhookDelivery } from '../webhook-delivery';

/** What a method may touch while serving one call. */
export interface BotCallContext {
  state: TelegramState;
  limiter: SendRateLimiter;
  updates: UpdateQueue;
  webhook: WebhookDelivery;
  /** The bot the token belongs to. */
  me: UserFromGetMe;
  /** Aborted when the client disconnects (ends a parked getUpdates). */
  signal: AbortSignal;
}

/** One Bot API method. */
export type BotMethod = (params: BotParams, ctx: BotCallContext) => unknown;

/** Current time in Telegram's unit (unix seconds). */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
