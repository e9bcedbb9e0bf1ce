/**
 * A handler that fails (Temporal or the database unreachable, a bug) must not stop the bot nor
 * leave a person without an answer: the error is logged with the update id, and whoever wrote to
 * the bot gets a polite reply. Nothing about the error itself goes into the reply.
 */
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../observability/logger';

/** What a person sees when their request failed. */
export const SORRY = 'Sorry, something went wrong on our side. Please try again in a minute.';

/** A one-line reason for the log. */
export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The first middleware: catches what any later one throws. */
export function errorBoundary(log: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      log.error('bot update failed', { updateId: ctx.update.update_id, chatId: ctx.chat?.id, error: describeError(err) });
      // Channel posts have nobody to answer; people in chats do.
      if (ctx.chat && ctx.chat.type !== 'channel') {
        await ctx.reply(SORRY).catch((replyErr: unknown) => log.warn('could not send the apology', { chatId: ctx.chat?.id, error: describeError(replyErr) }));
      }
    }
  };
}
