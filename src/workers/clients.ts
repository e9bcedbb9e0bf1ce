/**
 * The vendor clients, built once per process from the config: OpenAI, the Telegram Bot API
 * (grammY) for the activities and for the bot, Google Sheets, the channel reader (MTProto or web
 * previews) and the MTProto client `monitor login` signs in with. The one place that knows which
 * client talks to which address, with which timeouts; Temporal does the retrying. The vendor
 * SDKs are loaded when their client is built, so a process that builds only the bot (`serve`)
 * doesn't load OpenAI, googleapis or the preview parser.
 */
import { Api, Bot } from 'grammy';
import type OpenAI from 'openai';
import type { TelegramClient } from 'telegram';
import type { ChannelReader } from '../activities/channels/channel-reader';
import type { MtprotoAccount } from '../activities/channels/mtproto-reader';
import type { SheetsClientOptions, SheetsConnection } from '../activities/sheets/sheets-client';
import type { AppConfig } from '../config';
import { processMetrics, type BusinessMetrics } from '../observability/metrics';
import { withTelegramMetrics } from '../observability/telegram-metrics';

/**
 * The Google Sheets client (service-account JWT, see `activities/sheets/sheets-client.ts`), or
 * none when Sheets isn't configured; `options` are a test's transport and timeout.
 */
export async function createSheetsConnection(config: AppConfig, options?: SheetsClientOptions): Promise<SheetsConnection | undefined> {
  const { createSheetsClient } = await import('../activities/sheets/sheets-client');
  return createSheetsClient(config.sheets, options);
}

/** The OpenAI client: Temporal does the retrying, and the client gives up before the activity does. */
export async function createOpenAiClient(config: AppConfig): Promise<OpenAI | undefined> {
  if (!config.openai.apiKey) return undefined;
  const { default: OpenAI } = await import('openai');
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

/** The bot's grammY `Bot`, with no handlers yet (`bot/create-bot.ts` adds them, and its wait on `retry_after`). */
export function createBotClient(connection: BotConnection): Bot {
  return new Bot(connection.token, { client: { apiRoot: connection.apiRoot, timeoutSeconds: BOT_TIMEOUT_SECONDS } });
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

/**
 * The GramJS client the MTProto channel reader reads with: the signed-in account's session, no
 * flood sleeping and a single retry (a FLOOD_WAIT becomes the activity's failure and Temporal
 * waits it out), GramJS's own logging quiet.
 */
export async function createMtprotoReaderClient(account: MtprotoAccount): Promise<TelegramClient> {
  // Loaded only when used: GramJS is large.
  const { TelegramClient } = await import('telegram');
  const { StringSession } = await import('telegram/sessions');
  const client = new TelegramClient(new StringSession(account.session), account.apiId, account.apiHash, { connectionRetries: 1, floodSleepThreshold: 0, requestRetries: 1 });
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
    case 'web-preview': {
      const { createWebPreviewReader } = await import('../activities/channels/web-preview-reader');
      return createWebPreviewReader({ root: config.monitor.previewRoot, timeoutMs: PREVIEW_TIMEOUT_MS });
    }
    case 'mtproto': {
      // Loaded only when used: GramJS is large and most deployments read web previews.
      const { createMtprotoReader } = await import('../activities/channels/mtproto-reader');
      return createMtprotoReader(await createMtprotoReaderClient(config.monitor.mtproto!));
    }
  }
}
