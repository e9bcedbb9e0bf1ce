/**
 * The typed configuration handed to every part of the service, grouped by concern.
 * Built from validated settings; nothing below this reads the environment.
 */
import path from 'node:path';
import type { QuietHours } from '../common/quiet-hours';
import type { CodecKey } from './codec-keys';
import { ConfigError } from './config-error';
import type { Env } from './env-schema';
import type { TemporalProfile } from './temporal-profile';

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
    /** TLS, API key and metadata for the configured server (`address`); never for the local dev server. */
    profile: TemporalProfile;
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
  /** A task queue with work waiting longer than `afterMs` and no worker polling it is down (the health check's `workers`). */
  queueAlert: { afterMs: number };
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
    /** Our channel's quiet hours (PUBLISH_QUIET_HOURS, in the schedules' zone); none when unset. */
    publishQuietHours?: QuietHours;
    notifyPerSecond: number;
    sheetsPerMinute: number;
  };
  /** Channel watchers (`watchChannel`) and the reader they use. */
  monitor: {
    /** `off`: no watchers are started. */
    reader: 'web-preview' | 'mtproto' | 'off';
    pollIntervalMs: number;
    backfill: number;
    ratePerMinute: number;
    previewRoot: string;
    /** The user account (all three set), for the MTProto reader and `cars-bot monitor login`. */
    mtproto?: { apiId: number; apiHash: string; session: string };
    /** TELEGRAM_API_ID and TELEGRAM_API_HASH alone (what `monitor login` needs). */
    app?: { apiId: number; apiHash: string };
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
    /** Worker Versioning: the deployment our workers join and this build's id in it; unset: unversioned. */
    deployment?: { name: string; buildId: string };
    shutdownGraceMs: number;
    /** Where `cars-bot worker` serves its health endpoint; no port: none. */
    health: { host: string; port?: number };
  };
  metricsPort?: number;
  /** Listen address of the metrics endpoint. */
  metricsHost: string;
  emulators: 'auto' | 'on' | 'off';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** JSON lines, pretty lines, or pretty only on a terminal. */
  logFormat: 'auto' | 'json' | 'pretty';
}

/** The public web preview's home, where `t.me/s/<username>` pages are. */
export const TELEGRAM_WEB_ROOT = 'https://t.me';

function monitorConfig(env: Env): AppConfig['monitor'] {
  const app = env.TELEGRAM_API_ID !== undefined && env.TELEGRAM_API_HASH !== undefined ? { apiId: env.TELEGRAM_API_ID, apiHash: env.TELEGRAM_API_HASH } : undefined;
  const mtproto = app && env.TELEGRAM_SESSION !== undefined ? { ...app, session: env.TELEGRAM_SESSION } : undefined;
  if (env.MONITOR_READER === 'mtproto' && !mtproto) {
    const missing = (['TELEGRAM_API_ID', 'TELEGRAM_API_HASH', 'TELEGRAM_SESSION'] as const).filter((name) => env[name] === undefined);
    throw new ConfigError([`MONITOR_READER: mtproto needs ${missing.join(', ')} (run \`cars-bot monitor login\` for the session)`]);
  }
  const reader = env.MONITOR_READER === 'auto' ? (mtproto ? 'mtproto' : 'web-preview') : env.MONITOR_READER;
  return {
    reader,
    pollIntervalMs: durationMs(env.MONITOR_POLL_INTERVAL),
    backfill: env.MONITOR_BACKFILL,
    ratePerMinute: env.MONITOR_RATE_PER_MINUTE,
    previewRoot: (env.MONITOR_PREVIEW_ROOT ?? TELEGRAM_WEB_ROOT).replace(/\/+$/, ''),
    ...(mtproto && { mtproto }),
    ...(app && { app }),
  };
}

export function buildAppConfig(env: Env): AppConfig {
  return {
    temporal: {
      address: env.temporalProfile.address,
      namespace: env.temporalProfile.namespace ?? env.TEMPORAL_NAMESPACE,
      profile: env.temporalProfile,
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
    queueAlert: { afterMs: durationMs(env.QUEUE_ALERT_AFTER) },
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
      publishQuietHours: env.PUBLISH_QUIET_HOURS,
      notifyPerSecond: env.NOTIFY_RATE_PER_SECOND,
      sheetsPerMinute: env.SHEETS_RATE_PER_MINUTE,
    },
    monitor: monitorConfig(env),
    schedules: { timezone: env.SCHEDULE_TIMEZONE },
    api: { host: env.API_HOST, port: env.API_PORT, tokens: env.API_TOKENS },
    codec: {
      keys: env.CODEC_KEYS ?? [],
      corsOrigins: env.CODEC_CORS_ORIGINS ?? [`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`, `http://localhost:${env.TEMPORAL_UI_PORT}`],
      uiToken: env.CODEC_UI_TOKEN,
    },
    worker: {
      deployment: env.WORKER_DEPLOYMENT_NAME && env.workerBuildId ? { name: env.WORKER_DEPLOYMENT_NAME, buildId: env.workerBuildId } : undefined,
      shutdownGraceMs: durationMs(env.WORKER_SHUTDOWN_GRACE), health: { host: env.WORKER_HEALTH_HOST, port: env.WORKER_HEALTH_PORT } },
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST,
    emulators: env.EMULATORS,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
  };
}
