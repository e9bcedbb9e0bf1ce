/**
 * The post pipeline's real parts for workflow tests: an in-memory PGlite database with the
 * product's migrations and store, the OpenAI emulator, and the real `openai` client pointed at
 * it, passed into the product's activity factories.
 */
import { Api } from 'grammy';
import OpenAI from 'openai';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import type { QuietHours } from '../../src/common/quiet-hours';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../emulators/openai';
import { startTelegramEmulator, type TelegramEmulator } from '../../emulators/telegram';

/** Our channel in the Telegram emulator, and an admin who gets alerts. */
export const TEST_CHANNEL = '@cars_test_listings';
export const TEST_ADMIN_ID = 777_001;
export const TEST_BOT_TOKEN = '123456789:test-token-for-the-emulator-only';

export interface PipelineParts {
  database: Database;
  store: Store;
  openaiEmulator: OpenAiEmulator;
  openai: OpenAI;
  telegramEmulator: TelegramEmulator;
  telegram: Api;
  activities: ActivitiesByQueue;
  close(): Promise<void>;
}

export interface PipelineOptions {
  confidenceThreshold?: number;
  /** grammY's request timeout (seconds); short in tests of uncertain sends. */
  telegramTimeoutSeconds?: number;
  /** Channel posts per minute the publishing activities allow (default 600), and their window (default 1 min). */
  publishPerMinute?: number;
  publishWindowMs?: number;
  /** Wraps the store the activities get (tests inject failures with it). */
  wrapStore?: (store: Store) => Store;
  /** Our channel's quiet hours (PUBLISH_QUIET_HOURS) and their zone (default UTC). */
  quietHours?: QuietHours;
  timeZone?: string;
  /** The product's own AI retry spacing (2 s doubling to 10 min) instead of the tests' short one. */
  productAiBackoff?: boolean;
}

export async function startPipelineParts(options: PipelineOptions = {}): Promise<PipelineParts> {
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  const store = createStore(database.db);
  const openaiEmulator = await startOpenAiEmulator({});
  const openai = new OpenAI({ apiKey: 'test-key', baseURL: openaiEmulator.url, maxRetries: 0, timeout: 20_000 });
  const telegramEmulator = await startTelegramEmulator({
    chats: [{ type: 'channel', username: TEST_CHANNEL, title: 'Test listings' }],
    users: [{ id: TEST_ADMIN_ID, first_name: 'Admin' }],
    bot: { username: 'cars_test_bot' },
    acceptUnknownFileIds: true,
  });
  const telegram = new Api(TEST_BOT_TOKEN, { apiRoot: telegramEmulator.url, timeoutSeconds: options.telegramTimeoutSeconds ?? 10 });
  const activityStore = options.wrapStore ? options.wrapStore(store) : store;
  const activities = createActivitiesByQueue({
    health: { probes: {} },
    posts: { store: activityStore, dedupeWindowDays: 7, quietHours: options.quietHours, timeZone: options.timeZone },
    publishing: {
      api: telegram,
      store: activityStore,
      channelId: TEST_CHANNEL,
      probeChatId: String(TEST_ADMIN_ID),
      botUsername: async () => 'cars_test_bot',
      ratePerMinute: options.publishPerMinute ?? 600,
      windowMs: options.publishWindowMs ?? 60_000,
      // A short hold on the channel, so tests of lost answers don't wait long for it.
      leaseMs: 5_000,
      uncertainRetryDelayMs: 3_000,
      backoff: { initialMs: 100, maxMs: 500 },
    },
    notifications: { api: telegram, store: activityStore, adminIds: [TEST_ADMIN_ID], backoff: { initialMs: 100, maxMs: 500 } },
    ai: {
      openai,
      store: activityStore,
      models: { classify: 'gpt-4o-mini', extract: 'gpt-4o-mini', describe: 'gpt-4o-mini' },
      confidenceThreshold: options.confidenceThreshold ?? 0.6,
      // Short retry spacing so retry tests finish quickly; the policy's shape is the product's.
      ...(options.productAiBackoff ? {} : { backoff: { initialMs: 100, maxMs: 500 } }),
    },
  });
  return {
    database,
    store,
    openaiEmulator,
    openai,
    telegramEmulator,
    telegram,
    activities,
    async close() {
      await openaiEmulator.close();
      await telegramEmulator.close();
      await database.close();
    },
  };
}
