/**
 * Telegram's flood limits on sending: about one message a second in a private chat, 20 a minute
 * in a group or channel, 30 a second overall. Sliding windows, so `retry_after` is the honest
 * number of seconds until a slot frees up — what a client honouring it needs to be right. And a
 * flood wait is the chat's, as at Telegram: once a 429 told a client to wait N seconds for a
 * chat, every send into that chat within those N seconds is refused with the time left.
 */
import { z } from 'zod';
import { tooManyRequests } from './errors';

/** Send limits; 0 switches a limit off. */
export const telegramLimitsSchema = z
  .object({
    /** Messages per second into one private chat. */
    privateChatPerSecond: z.number().int().min(0),
    /** Messages per window (a minute at Telegram) into one group or channel. */
    groupPerMinute: z.number().int().min(0),
    /** That window in seconds: 60 at Telegram; shorter only to run long pacing tests quickly. */
    groupWindowSeconds: z.number().int().min(1).max(3600),
    /** Messages per second across all chats. */
    globalPerSecond: z.number().int().min(0),
  })
  .strict();

/** Send limits as configured (see the schema for each field). */
export type TelegramLimits = z.infer<typeof telegramLimitsSchema>;

/** Telegram's documented defaults. */
export const DEFAULT_TELEGRAM_LIMITS: TelegramLimits = { privateChatPerSecond: 1, groupPerMinute: 20, groupWindowSeconds: 60, globalPerSecond: 30 };

/** Which per-chat limit applies: private chats and groups/channels are limited differently. */
export type ChatLimitKind = 'private' | 'group';

/** Admits or refuses sends under the current limits. */
export class SendRateLimiter {
  private current: TelegramLimits;
  private readonly perChat = new Map<number, number[]>();
  /** Chats under a flood wait: no send before this time (ms). */
  private readonly blockedUntil = new Map<number, number>();
  private global: number[] = [];

  constructor(
    limits: Partial<TelegramLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.current = telegramLimitsSchema.parse({ ...DEFAULT_TELEGRAM_LIMITS, ...limits });
  }

  limits(): TelegramLimits {
    return { ...this.current };
  }

  /** Merges new limits into the current ones; past sends still count against them. */
  configure(partial: Partial<TelegramLimits>): TelegramLimits {
    this.current = telegramLimitsSchema.parse({ ...this.current, ...partial });
    return this.limits();
  }

  /** Forgets every past send (limits stay as configured). */
  clear(): void {
    this.perChat.clear();
    this.blockedUntil.clear();
    this.global = [];
  }

  /** Puts a chat under a flood wait of `retryAfterSeconds` from now (a 429 was answered for it). */
  block(chatId: number, retryAfterSeconds: number): void {
    const until = this.now() + retryAfterSeconds * 1000;
    this.blockedUntil.set(chatId, Math.max(until, this.blockedUntil.get(chatId) ?? 0));
  }

  /**
   * Counts one send into `chatId`, or throws Telegram's 429 with the seconds to wait. A refused
   * send does not count, as with Telegram.
   */
  admit(chatId: number, kind: ChatLimitKind): void {
    const now = this.now();
    const blocked = (this.blockedUntil.get(chatId) ?? 0) - now;
    if (blocked > 0) throw tooManyRequests(Math.max(1, Math.ceil(blocked / 1000)));
    const chatWindowMs = kind === 'private' ? 1_000 : this.current.groupWindowSeconds * 1000;
    const chatMax = kind === 'private' ? this.current.privateChatPerSecond : this.current.groupPerMinute;
    const chatLog = prune(this.perChat.get(chatId) ?? [], now - chatWindowMs);
    this.global = prune(this.global, now - 1_000);
    const waitMs = Math.max(waitFor(chatLog, chatMax, chatWindowMs, now), waitFor(this.global, this.current.globalPerSecond, 1_000, now));
    if (waitMs > 0) {
      this.perChat.set(chatId, chatLog);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      this.block(chatId, seconds);
      throw tooManyRequests(seconds);
    }
    chatLog.push(now);
    this.perChat.set(chatId, chatLog);
    this.global.push(now);
  }
}

function prune(log: number[], after: number): number[] {
  let drop = 0;
  while (drop < log.length && log[drop] <= after) drop += 1;
  return drop === 0 ? log : log.slice(drop);
}

/** Milliseconds until one more send fits into a window holding `log` (0 when it fits now). */
function waitFor(log: number[], max: number, windowMs: number, now: number): number {
  if (max === 0 || log.length < max) return 0;
  return log[log.length - max] + windowMs - now;
}
