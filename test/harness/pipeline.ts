/**
 * The post pipeline's real parts for workflow tests: an in-memory PGlite database with the
 * product's migrations and store, the OpenAI emulator, and the real `openai` client pointed at
 * it, passed into the product's activity factories.
 */
import OpenAI from 'openai';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../src/emulators/openai';

export interface PipelineParts {
  database: Database;
  store: Store;
  openaiEmulator: OpenAiEmulator;
  openai: OpenAI;
  activities: ActivitiesByQueue;
  close(): Promise<void>;
}

export async function startPipelineParts(options: { confidenceThreshold?: number } = {}): Promise<PipelineParts> {
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  const store = createStore(database.db);
  const openaiEmulator = await startOpenAiEmulator({});
  const openai = new OpenAI({ apiKey: 'test-key', baseURL: openaiEmulator.url, maxRetries: 0, timeout: 20_000 });
  const activities = createActivitiesByQueue({
    health: { probes: {} },
    posts: { store, dedupeWindowDays: 7 },
    ai: {
      openai,
      store,
      models: { classify: 'gpt-4o-mini', extract: 'gpt-4o-mini', describe: 'gpt-4o-mini' },
      confidenceThreshold: options.confidenceThreshold ?? 0.6,
      // Short retry spacing so retry tests finish quickly; the policy's shape is the product's.
      backoff: { initialMs: 100, maxMs: 500 },
    },
  });
  return {
    database,
    store,
    openaiEmulator,
    openai,
    activities,
    async close() {
      await openaiEmulator.close();
      await database.close();
    },
  };
}
