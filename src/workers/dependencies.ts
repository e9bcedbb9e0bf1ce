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
import { botUsernameOf, createChannelReader, createOpenAiClient, createSheetsClient, createTelegramApi, TELEGRAM_TIMEOUT_SECONDS } from './clients';
import { createClosers } from '../common/closers';
import { postQuietHours } from '../common/quiet-hours';
import type { AppConfig } from '../config';
import { connectionOptionsFor } from '../temporal/client';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../db';
import { countPostOutcomes, processMetrics, type BusinessMetrics } from '../observability/metrics';

export interface Dependencies {
  activityDeps: ActivityDeps;
  store: Store;
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

export interface DependencyOptions {
  temporalAddress: string;
  log?: (line: string) => void;
  /** A database opened already (the embedded stack opens it while the emulators start); the caller closes it. */
  database?: Database;
  /** Where the activities count (default: the process's metrics). */
  metrics?: BusinessMetrics;
}

export async function createDependencies(config: AppConfig, options: DependencyOptions): Promise<Dependencies> {
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
    const store = createStore(db, { onPostStatusChange: countPostOutcomes(metrics) });
    const openai = createOpenAiClient(config);
    const sheets = createSheetsClient(config.sheets);
    const telegram = createTelegramApi(config, metrics);
    const reader = await createChannelReader(config);
    if (reader?.close) closers.add(() => reader.close!());

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
          clientTimeoutMs: TELEGRAM_TIMEOUT_SECONDS * 1000,
        },
        notifications: { api: telegram, store, adminIds: config.telegram.adminIds, timeZone: config.schedules.timezone },
      }),
    };
    return { activityDeps, store, close };
  } catch (err) {
    await close();
    throw err;
  }
}
