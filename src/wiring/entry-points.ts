/**
 * Starts the service's entry points together — the HTTP API and the Telegram bot — the same way
 * for `cars-bot serve` and `npm start`. The HTTP server also hosts the bot's webhook when one is
 * configured, so it listens before Telegram is told where to post.
 */
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import type { Store } from '../db';
import type { Logger } from '../observability/logger';
import { scheduleDefinitions } from '../schedules';
import { createBot } from '../bot/create-bot';
import { startBot, webhookHandler, type RunningBot } from '../bot/run-bot';
import { isAddressInUse, PortInUseError } from '../stack/ports';
import { buildApiServer, type ReadinessCheck } from '../api/server';

/** What both entry points need; the same for `serve` and the embedded stack. */
export interface EntryPointsOptions {
  config: AppConfig;
  client: Client;
  store: Store;
  /** What `/readyz` checks. */
  readiness: Record<string, ReadinessCheck>;
  log: Logger;
  /** For a local run: with no API_TOKENS, accept this token (kept under DATA_DIR), so the API is usable at once. */
  tokenIfNone?: string;
  /** Log where the API listens (default true; the embedded stack prints it in its ready block instead). */
  announce?: boolean;
  /** The Web UI the dashboard links to, when the caller knows better than the config (the dev server it started). */
  temporalUiUrl?: string;
  /** A codec-only token the codec endpoint accepts in its path (for a Web UI that can't send a bearer token). */
  codecPathToken?: string;
}

/** The running API and bot. */
export interface RunningEntryPoints {
  /** e.g. `http://127.0.0.1:3000/api/v1`. */
  apiUrl: string;
  bot: 'polling' | 'webhook' | 'off';
  /** Stops the bot first (no new intake), then the HTTP server. */
  stop(): Promise<void>;
}

/** The webhook's path on our server and its secret, or undefined for long polling. */
function webhookOf(config: AppConfig): { url: string; path: string; secret: string } | undefined {
  const { webhookUrl, webhookSecret } = config.telegram;
  if (!webhookUrl) return undefined;
  if (!webhookSecret) throw new Error('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: a webhook without a secret would accept updates from anyone');
  return { url: webhookUrl, path: new URL(webhookUrl).pathname, secret: webhookSecret };
}

/** Starts the API and, when a bot token is configured, the bot. */
export async function startEntryPoints(options: EntryPointsOptions): Promise<RunningEntryPoints> {
  const { config, client, store, log } = options;
  let tokens = config.api.tokens;
  if (tokens.length === 0 && options.tokenIfNone) {
    tokens = [options.tokenIfNone];
  } else if (tokens.length === 0) {
    log.warn('API_TOKENS is empty: every API route but /api/v1/healthz answers 401');
  }

  const definitions = scheduleDefinitions(config);
  const webhook = config.telegram.botToken ? webhookOf(config) : undefined;
  const carsBot = config.telegram.botToken
    ? createBot(
        { token: config.telegram.botToken, apiRoot: config.telegram.apiRoot },
        { client, store, definitions, adminIds: config.telegram.adminIds, timeZone: config.schedules.timezone, log },
      )
    : undefined;
  if (!carsBot) log.info('no TELEGRAM_BOT_TOKEN: the bot is off');

  const app = buildApiServer({
    client,
    store,
    definitions,
    tokens,
    readiness: options.readiness,
    log,
    // The codec endpoint decodes with the client's own codecs: what the workers encrypt, it reads.
    codec: {
      payloadCodecs: client.options.loadedDataConverter.payloadCodecs,
      namespace: config.temporal.namespace,
      corsOrigins: config.codec.corsOrigins,
      pathTokens: [...new Set([config.codec.uiToken, options.codecPathToken].filter((t): t is string => Boolean(t)))],
    },
    dashboard: {
      namespace: config.temporal.namespace,
      temporalUiUrl: options.temporalUiUrl ?? config.temporal.uiUrl,
      publishPerMinute: config.limits.publishPerMinute,
      models: [config.openai.models.classify, config.openai.models.extract, config.openai.models.describe],
    },
    ...(carsBot && webhook ? { telegramWebhook: { path: webhook.path, secret: webhook.secret, handleUpdate: webhookHandler(carsBot, log) } } : {}),
  });
  let address: string;
  try {
    address = await app.listen({ host: config.api.host, port: config.api.port });
  } catch (err) {
    await app.close();
    if (isAddressInUse(err)) throw new PortInUseError(config.api.host, config.api.port, 'API_PORT');
    throw err;
  }
  const apiUrl = `${address}/api/v1`;
  if (options.announce !== false) log.info(`HTTP API on ${apiUrl} (docs: ${apiUrl}/docs; dashboard: ${address}/dashboard); Temporal codec endpoint ${address}/codec (for the Web UI and temporal --codec-endpoint)`);

  let bot: RunningBot | undefined;
  try {
    bot = carsBot ? await startBot(carsBot, { log, webhook: webhook && { url: webhook.url, secret: webhook.secret } }) : undefined;
  } catch (err) {
    await app.close();
    throw err;
  }
  return {
    apiUrl,
    bot: bot?.mode ?? 'off',
    stop: async () => {
      await bot?.stop();
      await app.close();
    },
  };
}
