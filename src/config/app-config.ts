/**
 * The typed configuration handed to every part of the service, grouped by concern.
 * Built from validated settings; nothing below this reads the environment.
 */
import path from 'node:path';
import type { CodecKey } from './codec-keys';
import type { Env } from './env-schema';

/** Parses `500ms`, `30s`, `5m`, `1h` into milliseconds (the schema already checked the format). */
export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export interface AppConfig {
  temporal: {
    /** Unset: the embedded stack runs a dev server. */
    address?: string;
    namespace: string;
    devPort: number;
    uiPort: number;
    /** The Web UI operators open (TEMPORAL_UI_URL, else the local dev server's when it runs). */
    uiUrl?: string;
    cliPath?: string;
  };
  dataDir: string;
  database: { url?: string };
  openai: {
    apiKey?: string;
    baseUrl?: string;
    models: { classify: string; extract: string; describe: string };
    timeoutMs: number;
    confidenceThreshold: number;
    concurrency: number;
    /** Requests per minute across all AI workers (the `ai` queue's server-side rate). */
    requestsPerMinute: number;
  };
  dedupeWindowDays: number;
  /** More than `threshold` failed posts within `windowMs` alert the admins (once, by the health check). */
  failureAlert: { threshold: number; windowMs: number };
  telegram: {
    botToken?: string;
    apiRoot?: string;
    channelId: string;
    /** Where uncertain sends are checked (TELEGRAM_PROBE_CHAT_ID, else the first admin). */
    probeChatId?: string;
    adminIds: number[];
    webhookUrl?: string;
    webhookSecret?: string;
  };
  sheets: {
    spreadsheetId?: string;
    serviceAccountFile?: string;
    serviceAccountJson?: string;
    rootUrl?: string;
  };
  limits: {
    publishPerMinute: number;
    /** The sliding window of `publishPerMinute`. */
    publishWindowMs: number;
    /** How long a hold on the channel lasts without a heartbeat. */
    publishLeaseMs: number;
    notifyPerSecond: number;
    sheetsPerMinute: number;
  };
  schedules: { timezone: string };
  api: { host: string; port: number; tokens: string[] };
  /** Payload encryption (see src/temporal/data-converter.ts). */
  codec: {
    /** First encrypts, all decrypt; empty: the key file under DATA_DIR (see `codecKeysFor`). */
    keys: CodecKey[];
    /** Origins whose browsers may call the codec endpoint. */
    corsOrigins: string[];
    /** Codec-only token accepted in the endpoint's path (a Web UI without sign-in). */
    uiToken?: string;
  };
  worker: {
    shutdownGraceMs: number;
    /** Where `cars-bot worker` serves its health endpoint; no port: none. */
    health: { host: string; port?: number };
  };
  metricsPort?: number;
  emulators: 'auto' | 'on' | 'off';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function buildAppConfig(env: Env): AppConfig {
  return {
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      devPort: env.TEMPORAL_DEV_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: env.TEMPORAL_UI_URL?.replace(/\/+$/, '') ?? (env.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`),
      cliPath: env.TEMPORAL_CLI_PATH,
    },
    dataDir: path.resolve(env.DATA_DIR),
    database: { url: env.DATABASE_URL },
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      models: { classify: env.OPENAI_MODEL_CLASSIFY, extract: env.OPENAI_MODEL_EXTRACT, describe: env.OPENAI_MODEL_DESCRIBE },
      timeoutMs: durationMs(env.OPENAI_TIMEOUT),
      confidenceThreshold: env.AI_CONFIDENCE_THRESHOLD,
      concurrency: env.AI_CONCURRENCY,
      requestsPerMinute: env.OPENAI_REQUESTS_PER_MINUTE,
    },
    dedupeWindowDays: env.DEDUPE_WINDOW_DAYS,
    failureAlert: { threshold: env.FAILURE_ALERT_THRESHOLD, windowMs: durationMs(env.FAILURE_ALERT_WINDOW) },
    telegram: {
      botToken: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      channelId: env.TELEGRAM_CHANNEL_ID,
      probeChatId: env.TELEGRAM_PROBE_CHAT_ID ?? (env.TELEGRAM_ADMIN_IDS.length > 0 ? String(env.TELEGRAM_ADMIN_IDS[0]) : undefined),
      adminIds: env.TELEGRAM_ADMIN_IDS,
      webhookUrl: env.TELEGRAM_WEBHOOK_URL,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    },
    sheets: {
      spreadsheetId: env.GOOGLE_SHEETS_SPREADSHEET_ID,
      serviceAccountFile: env.GOOGLE_SERVICE_ACCOUNT_FILE,
      serviceAccountJson: env.GOOGLE_SERVICE_ACCOUNT_JSON,
      rootUrl: env.GOOGLE_SHEETS_ROOT_URL,
    },
    limits: {
      publishPerMinute: env.PUBLISH_RATE_PER_MINUTE,
      publishWindowMs: durationMs(env.PUBLISH_WINDOW),
      publishLeaseMs: durationMs(env.PUBLISH_LEASE),
      notifyPerSecond: env.NOTIFY_RATE_PER_SECOND,
      sheetsPerMinute: env.SHEETS_RATE_PER_MINUTE,
    },
    schedules: { timezone: env.SCHEDULE_TIMEZONE },
    api: { host: env.API_HOST, port: env.API_PORT, tokens: env.API_TOKENS },
    codec: {
      keys: env.CODEC_KEYS ?? [],
      corsOrigins: env.CODEC_CORS_ORIGINS ?? [`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`, `http://localhost:${env.TEMPORAL_UI_PORT}`],
      uiToken: env.CODEC_UI_TOKEN,
    },
    worker: { shutdownGraceMs: durationMs(env.WORKER_SHUTDOWN_GRACE), health: { host: env.WORKER_HEALTH_HOST, port: env.WORKER_HEALTH_PORT } },
    metricsPort: env.METRICS_PORT,
    emulators: env.EMULATORS,
    logLevel: env.LOG_LEVEL,
  };
}
