/**
 * Builds the clients the activities need, once per process, from the config — and closes them
 * again. The one place that knows which vendor client talks to which address.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { sql } from 'kysely';
import OpenAI from 'openai';
import type { ActivityDeps } from '../activities';
import type { AppConfig } from '../config';
import { createStore, migrateToLatest, openDatabase, type Store } from '../db';

export interface Dependencies {
  activityDeps: ActivityDeps;
  store: Store;
  close(): Promise<void>;
}

/** The OpenAI client: Temporal does the retrying, and the client gives up before the activity does. */
export function createOpenAiClient(config: AppConfig): OpenAI | undefined {
  if (!config.openai.apiKey) return undefined;
  return new OpenAI({ apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl, maxRetries: 0, timeout: config.openai.timeoutMs });
}

export async function createDependencies(config: AppConfig, options: { temporalAddress: string; log?: (line: string) => void }): Promise<Dependencies> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const fn of closers.reverse()) await fn();
  };
  try {
    const temporal = await Connection.connect({ address: options.temporalAddress });
    closers.push(() => temporal.close());
    const database = await openDatabase({ databaseUrl: config.database.url, dataDir: path.join(config.dataDir, 'pglite'), log: options.log });
    closers.push(() => database.close());
    await migrateToLatest(database.db);
    const store = createStore(database.db);
    const openai = createOpenAiClient(config);

    const activityDeps: ActivityDeps = {
      health: {
        probes: {
          temporal: () => temporal.workflowService.getSystemInfo({}),
          database: () => sql`select 1`.execute(database.db),
          ...(openai && { openai: () => openai.models.list() }),
        },
      },
      posts: { store, dedupeWindowDays: config.dedupeWindowDays },
      ...(openai && {
        ai: { openai, store, models: config.openai.models, confidenceThreshold: config.openai.confidenceThreshold },
      }),
    };
    return { activityDeps, store, close };
  } catch (err) {
    await close();
    throw err;
  }
}
