/**
 * Telegram's webhook, for production: Telegram POSTs each update here with the secret set at
 * `setWebhook` in `X-Telegram-Bot-Api-Secret-Token`. No bearer token (Telegram has none), so the
 * secret is the only key: compared in constant time, and a wrong one gets a bare 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'grammy/types';
import { ApiError, errorBody } from '../api-error';

/** Where updates arrive and who handles them. */
export interface TelegramWebhookRoute {
  /** Path on this server (from TELEGRAM_WEBHOOK_URL), e.g. `/telegram/webhook`. */
  path: string;
  secret: string;
  /** Handles one update; the bot answers its own errors, so this rejects only on a bug. */
  handleUpdate(update: Update): Promise<void>;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Registers the webhook route (outside `/api/v1`: the path is whatever the webhook URL says). */
export function telegramWebhookRoute(webhook: TelegramWebhookRoute) {
  const expected = digest(webhook.secret);
  return async (app: FastifyInstance): Promise<void> => {
    const checkSecret = async (request: FastifyRequest, reply: FastifyReply) => {
      const given = request.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
        return reply.code(401).send(errorBody('unauthorized', 'unauthorized'));
      }
    };
    // The secret is checked before the body is read, as the bearer token is on the other routes.
    app.post(webhook.path, { config: { public: true }, onRequest: checkSecret }, async (request, reply) => {
      const update = request.body as Partial<Update> | undefined;
      if (!update || typeof update !== 'object' || typeof update.update_id !== 'number') {
        throw new ApiError(400, 'invalid_update', 'expected a Telegram update object with an update_id');
      }
      // Answered only after handling, as Telegram expects; a failure has been answered to the user and logged by the bot.
      await webhook.handleUpdate(update as Update);
      return reply.code(200).send({ ok: true });
    });
  };
}
