/**
 * The vendor clients, built once per process from the config: OpenAI, the Telegram Bot API
 * (grammY) for the activities and for the bot, Google Sheets, the channel reader (MTProto or web
 * previews) and the MTProto client `monitor login` signs in with. The one place that knows which
 * client talks to which address, with which timeouts; Temporal does the retrying.
 */
import { Api, Bot } from 'grammy';
import OpenAI from 'openai';
import type { TelegramClient } from 'telegram';
import { retryAfter } from '../bot/retry-after';
import type { ChannelReader } from '../activities/channels/channel-reader';
import { createWebPreviewReader } from '../activities/channels/web-preview-reader';
import type { AppConfig } from '../config';
import { processMetrics, type BusinessMetrics } from '../observability/metrics';
import { withTelegramMetrics } from '../observability/telegram-metrics';

/** The Google Sheets client (service-account JWT); its connection type belongs to the Sheets activities. */
export { createSheetsClient } from '../activities/sheets/sheets-client';

/** The OpenAI client: Temporal does the retrying, and the client gives up before the activity does. */
export function createOpenAiClient(config: AppConfig): OpenAI | undefined {
  if (!config.openai.apiKey) return undefined;
  return new OpenAI({ apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl, maxRetries: 0, timeout: config.openai.timeoutMs });
}

/** The Telegram client's own request timeout; publishing requests get shorter deadlines of their own. */
export const TELEGRAM_TIMEOUT_SECONDS = 30;

/**
 * The Telegram Bot API client (grammY's `Api`): Temporal does the retrying, and the client's
 * timeout stays below the publishing activity's start-to-close timeout.
 */
export function createTelegramApi(config: AppConfig, metrics: BusinessMetrics = processMetrics(), timeoutSeconds = TELEGRAM_TIMEOUT_SECONDS): Api | undefined {
  if (!config.telegram.botToken) return undefined;
  return withTelegramMetrics(new Api(config.telegram.botToken, { apiRoot: config.telegram.apiRoot, timeoutSeconds }), metrics);
}

/** How the bot reaches Telegram: the token and, for the emulator or a proxy, the API root. */
export interface BotConnection {
  token: string;
  apiRoot?: string;
}

/** The bot's requests time out well before Telegram's long-poll timeout would matter twice. */
export const BOT_TIMEOUT_SECONDS = 60;

/**
 * The bot's grammY `Bot` (updates in, replies out; no handlers yet). No Temporal behind the
 * bot's replies, so its client waits out Telegram's `retry_after` itself.
 */
export function createBotClient(connection: BotConnection): Bot {
  const bot = new Bot(connection.token, { client: { apiRoot: connection.apiRoot, timeoutSeconds: BOT_TIMEOUT_SECONDS } });
  bot.api.config.use(retryAfter());
  return bot;
}

/**
 * The GramJS client `cars-bot monitor login` signs the reading account in with: a fresh session,
 * a few connection retries (a person is waiting at the prompt), GramJS's own logging quiet.
 */
export async function createMtprotoLoginClient(app: NonNullable<AppConfig['monitor']['app']>): Promise<TelegramClient> {
  // Loaded only when used: GramJS is large.
  const { TelegramClient } = await import('telegram');
  const { StringSession } = await import('telegram/sessions');
  const client = new TelegramClient(new StringSession(''), app.apiId, app.apiHash, { connectionRetries: 3 });
  client.setLogLevel('error' as never);
  return client;
}

/** Asks Telegram for the bot's username once, when first needed. */
export function botUsernameOf(api: Api): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= api.getMe().then((me) => me.username);
    cached.catch(() => (cached = undefined));
    return cached;
  };
}

/**
 * The channel reader the monitor workers use (MONITOR_READER): MTProto with the configured user
 * account, or the public web preview; none when watching is off.
 */

/** Web requests give up well before the read activity's start-to-close timeout (2 min). */
const PREVIEW_TIMEOUT_MS = 20_000;

export async function createChannelReader(config: AppConfig): Promise<ChannelReader | undefined> {
  switch (config.monitor.reader) {
    case 'off':
      return undefined;
    case 'web-preview':
      return createWebPreviewReader({ root: config.monitor.previewRoot, timeoutMs: PREVIEW_TIMEOUT_MS });
    case 'mtproto': {
      // Loaded only when used: GramJS is large and most deployments read web previews.
      const { createMtprotoReader } = await import('../activities/channels/mtproto-reader');
      return createMtprotoReader(config.monitor.mtproto!);
    }
  }
}
