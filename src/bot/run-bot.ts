/**
 * How updates reach the bot. Long polling by default: it needs no public address, so it works
 * on a laptop and against the Telegram emulator. With a webhook URL (production), Telegram
 * pushes updates to the HTTP server instead, with a secret token the route checks. Either way
 * Telegram is told exactly which updates we handle.
 */
import type { Update } from 'grammy/types';
import type { Logger } from '../observability/logger';
import { ALLOWED_UPDATES } from './allowed-updates';
import type { CarsBot } from './create-bot';
import { describeError } from './error-boundary';

/** Webhook settings: where Telegram posts and the secret it sends along. */
export interface WebhookSettings {
  url: string;
  secret: string;
}

/** A bot receiving updates. */
export interface RunningBot {
  mode: 'polling' | 'webhook';
  /** The bot's @username, from getMe. */
  username: string;
  stop(): Promise<void>;
}

/** Feeds one webhook update to the bot; failures were answered and logged by the bot, so only logged here. */
export function webhookHandler(carsBot: CarsBot, log: Logger): (update: Update) => Promise<void> {
  return async (update) => {
    try {
      await carsBot.bot.handleUpdate(update);
    } catch (err) {
      log.error('webhook update failed', { updateId: update.update_id, error: describeError(err) });
    }
  };
}

/**
 * Starts receiving updates. The bot's identity is checked first (a wrong token fails here, at
 * start-up). In webhook mode the HTTP route must already be listening when this is called.
 */
export async function startBot(carsBot: CarsBot, options: { webhook?: WebhookSettings; log: Logger }): Promise<RunningBot> {
  const { bot } = carsBot;
  const { log } = options;
  await bot.init();
  bot.catch((err) => log.error('bot update failed', { updateId: err.ctx.update.update_id, error: describeError(err.error) }));
  const username = bot.botInfo.username;

  if (options.webhook) {
    await bot.api.setWebhook(options.webhook.url, { secret_token: options.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info(`bot @${username}: webhook set (${new URL(options.webhook.url).origin}…), updates: ${ALLOWED_UPDATES.join(', ')}`);
    return {
      mode: 'webhook',
      username,
      // The webhook stays set: another instance (or this one, restarted) keeps receiving.
      stop: () => carsBot.drain(),
    };
  }

  const polling = bot.start({
    allowed_updates: [...ALLOWED_UPDATES],
    onStart: () => log.info(`bot @${username}: long polling, updates: ${ALLOWED_UPDATES.join(', ')}`),
  });
  const ended = polling.catch((err: unknown) => log.error('bot polling stopped', { error: describeError(err) }));
  return {
    mode: 'polling',
    username,
    stop: async () => {
      await bot.stop().catch((err: unknown) => log.warn('bot stop could not confirm the last update', { error: describeError(err) }));
      await ended;
      await carsBot.drain();
    },
  };
}
