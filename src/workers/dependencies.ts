/**
 * Builds what the activities need, once per process, from the config — the vendor clients
 * (`clients.ts`), the database, the health probes — and closes them again.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { sql } from 'kysely';
import type { ActivityDeps } from '../activities';
import { failureProbe } from '../activities/monitoring/failure-probe';
import { queueProbe } from '../activities/monitoring/queue-probe';
import type OpenAI from 'openai';
import type { Api } from 'grammy';
import type { ChannelReader } from '../activities/channels/channel-reader';
import type { SheetsClientOptions, SheetsConnection } from '../activities/sheets/sheets-client';
import { botUsernameOf, createChannelReader, createOpenAiClient, createSheetsConnection, createTelegramApi, TELEGRAM_TIMEOUT_SECONDS } from './clients';
import { createClosers } from '../common/closers';
import { postQuietHours } from '../common/quiet-hours';
import type { AppConfig } from '../config';
import { connectionOptionsFor } from '../temporal/client';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../db';
import { countPostOutcomes, processMetrics, type BusinessMetrics } from '../observability/metrics';

/** The vendor clients this process built (absent: not configured). */
export interface Clients {
  openai?: OpenAI;
  telegram?: Api;
  sheets?: SheetsConnection;
  reader?: ChannelReader;
}

export interface Dependencies {
  activityDeps: ActivityDeps;
  store: Store;
  clients: Clients;
  close(): Promise<void>;
}

/** The configured database (PostgreSQL, or PGlite under DATA_DIR), migrated to the latest schema. */
export async function openMigratedDatabase(config: AppConfig, log?: (line: string) => void): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.database.url, dataDir: path.join(config.dataDir, 'pglite'), log });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Settings of one activity domain laid over what the config gives it. */
type Tuning = { [K in keyof ActivityDeps]?: Partial<NonNullable<ActivityDeps[K]>> };

/**
 * What a caller replaces in the wiring; everything else comes from the config. Processes pass
 * the Temporal address and a database they opened; tests also pass a client built already,
 * shorter retry spacing, or a store that fails on demand.
 */
export interface DependencyOverrides {
  /** The Temporal frontend the health and backlog probes ask (default: the configured one). */
  temporalAddress?: string;
  log?: (line: string) => void;
  /** A database opened already (the embedded stack opens it while the emulators start); the caller closes it. */
  database?: Database;
  /** Where the activities count (default: the process's metrics). */
  metrics?: BusinessMetrics;
  /** Clients built already (by these builders, for another set of dependencies); the caller closes them. */
  clients?: Clients;
  /** Per-client options that are not settings: the Sheets transport, the Telegram client's timeout. */
  clientOptions?: { sheets?: SheetsClientOptions; telegramTimeoutSeconds?: number };
  /** Wraps the store every activity gets (the returned `store` stays the plain one). */
  wrapStore?: (store: Store) => Store;
  /** Replaces single settings of a domain's activities (retry spacing, probes, a clock). */
  activities?: Tuning;
}

/** Each domain's dependencies with the tuning laid over them; a domain absent stays absent. */
function tuned(deps: ActivityDeps, tuning: Tuning = {}): ActivityDeps {
  const entries = Object.entries(deps).map(([domain, d]) => {
    const t = tuning[domain as keyof ActivityDeps];
    return [domain, d && t ? { ...d, ...t } : d];
  });
  return Object.fromEntries(entries) as unknown as ActivityDeps;
}

/** Builds the clients and the activities' dependencies from the config, for a worker process or a test. */
export async function createDependencies(config: AppConfig, options: DependencyOverrides = {}): Promise<Dependencies> {
  const closers = createClosers();
  const close = () => closers.closeAll();
  try {
    // Lazy: nothing waits for the Temporal server here; the health probe connects when first used.
    // Raw service calls only (system info for health, task-queue stats): no payload passes through
    // this connection, so it needs no data converter; clients that do carry one (temporal/client.ts).
    const temporal = Connection.lazy(connectionOptionsFor(config, options.temporalAddress));
    closers.add(() => temporal.close());
    let database: Database;
    if (options.database) {
      database = options.database;
    } else {
      const opened = await openMigratedDatabase(config, options.log);
      closers.add(() => opened.close());
      database = opened;
    }
    const db = database.db;
    const metrics = options.metrics ?? processMetrics();
    const plainStore = createStore(db, { onPostStatusChange: countPostOutcomes(metrics) });
    const store = options.wrapStore ? options.wrapStore(plainStore) : plainStore;
    const given = options.clients ?? {};
    const telegramTimeoutSeconds = options.clientOptions?.telegramTimeoutSeconds ?? TELEGRAM_TIMEOUT_SECONDS;
    const openai = 'openai' in given ? given.openai : await createOpenAiClient(config);
    const sheets = 'sheets' in given ? given.sheets : await createSheetsConnection(config, options.clientOptions?.sheets);
    const telegram = 'telegram' in given ? given.telegram : createTelegramApi(config, metrics, telegramTimeoutSeconds);
    let reader = given.reader;
    if (!('reader' in given)) {
      const opened = await createChannelReader(config);
      if (opened?.close) closers.add(() => opened.close!());
      reader = opened;
    }

    const activityDeps: ActivityDeps = {
      health: {
        probes: {
          temporal: () => temporal.workflowService.getSystemInfo({}),
          database: () => sql`select 1`.execute(db),
          failures: failureProbe(store, config.failureAlert),
          workers: queueProbe({ workflowService: temporal.workflowService, namespace: config.temporal.namespace }, { alertAfterMs: config.queueAlert.afterMs }),
          ...(openai && { openai: () => openai.models.list() }),
          ...(sheets && { sheets: () => sheets.sheets.spreadsheets.get({ spreadsheetId: sheets.spreadsheetId, fields: 'spreadsheetId' }) }),
          ...(telegram && { telegram: () => telegram.getMe() }),
        },
      },
      posts: { store, dedupeWindowDays: config.dedupeWindowDays, quietHours: config.limits.publishQuietHours, timeZone: config.schedules.timezone },
      watchers: { store, reader: config.monitor.reader, pollIntervalMs: config.monitor.pollIntervalMs, quietHours: postQuietHours(config.limits.publishQuietHours, config.schedules.timezone) },
      ...(reader && { channelReads: { reader, backfill: config.monitor.backfill } }),
      monitoring: { store, temporal: { workflowService: temporal.workflowService, namespace: config.temporal.namespace } },
      ...(openai && {
        ai: { openai, store, models: config.openai.models, confidenceThreshold: config.openai.confidenceThreshold, metrics },
      }),
      ...(sheets && { sheets: { connection: sheets, store, timeZone: config.schedules.timezone } }),
      ...(telegram && {
        publishing: {
          api: telegram,
          store,
          channelId: config.telegram.channelId,
          probeChatId: config.telegram.probeChatId,
          botUsername: botUsernameOf(telegram),
          ratePerMinute: config.limits.publishPerMinute,
          windowMs: config.limits.publishWindowMs,
          leaseMs: config.limits.publishLeaseMs,
          clientTimeoutMs: telegramTimeoutSeconds * 1000,
        },
        notifications: { api: telegram, store, adminIds: config.telegram.adminIds, timeZone: config.schedules.timezone },
      }),
    };
    return { activityDeps: tuned(activityDeps, options.activities), store: plainStore, clients: { openai, telegram, sheets, reader }, close };
  } catch (err) {
    await close();
    throw err;
  }
}
