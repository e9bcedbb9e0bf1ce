/**
 * The post pipeline's real parts for workflow tests: an in-memory PGlite database with the
 * product's migrations, the OpenAI and Telegram emulators, and the product's dependency builder
 * (`createDependencies`) pointed at them by settings, as a worker process would be; a test
 * replaces only the database, retry spacing and the store it injects failures into.
 */
import type { Api } from 'grammy';
import type OpenAI from 'openai';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import { createClosers } from '../../src/common/closers';
import type { QuietHours } from '../../src/common/quiet-hours';
import type { AppConfig } from '../../src/config';
import { migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
import { createDependencies, type DependencyOverrides } from '../../src/workers/dependencies';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../emulators/openai';
import { startTelegramEmulator, type TelegramEmulator } from '../../emulators/telegram';
import { testConfig } from './temporal';

/** Our channel in the Telegram emulator, and an admin who gets alerts. */
export const TEST_CHANNEL = '@cars_test_listings';
export const TEST_ADMIN_ID = 777_001;
export const TEST_BOT_TOKEN = '123456789:test-token-for-the-emulator-only';

export interface PipelineParts {
  /** The settings the parts were built from (the emulators' addresses, the test's limits). */
  config: AppConfig;
  database: Database;
  store: Store;
  openaiEmulator: OpenAiEmulator;
  openai: OpenAI;
  telegramEmulator: TelegramEmulator;
  telegram: Api;
  activities: ActivitiesByQueue;
  /** Registers something to close with the parts (before the database and the emulators). */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

/** Retry spacing in these tests: short, so retry tests finish quickly; the policies' shape is the product's. */
export const TEST_RETRY_SPACING = { initialMs: 100, maxMs: 500 };

/** The settings of the pipeline's parts: the emulators, our channel and admin, the test's limits. */
export function pipelineConfig(urls: { openai: string; telegram: string }, options: PipelineOptions = {}, env: Record<string, string> = {}): AppConfig {
  const config = testConfig({
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: urls.openai,
    OPENAI_TIMEOUT: '20s',
    AI_CONFIDENCE_THRESHOLD: String(options.confidenceThreshold ?? 0.6),
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: urls.telegram,
    TELEGRAM_CHANNEL_ID: TEST_CHANNEL,
    TELEGRAM_ADMIN_IDS: String(TEST_ADMIN_ID),
    PUBLISH_RATE_PER_MINUTE: String(options.publishPerMinute ?? 600),
    PUBLISH_WINDOW: `${options.publishWindowMs ?? 60_000}ms`,
    // A short hold on the channel, so tests of lost answers don't wait long for it.
    PUBLISH_LEASE: '5s',
    DEDUPE_WINDOW_DAYS: '7',
    SCHEDULE_TIMEZONE: options.timeZone ?? 'UTC',
    // No watchers unless a test starts them itself.
    MONITOR_READER: 'off',
    ...env,
  });
  return options.quietHours ? { ...config, limits: { ...config.limits, publishQuietHours: options.quietHours } } : config;
}

/** What the pipeline's tests replace in the product's wiring: retry spacing, no health probes. */
export function pipelineOverrides(options: PipelineOptions = {}): DependencyOverrides {
  return {
    // Jest's sandbox can't load node-fetch the way googleapis does (when a test configures Sheets): the global fetch.
    clientOptions: { telegramTimeoutSeconds: options.telegramTimeoutSeconds ?? 10, sheets: { fetchImplementation: fetch, timeoutMs: 10_000 } },
    wrapStore: options.wrapStore,
    activities: {
      health: { probes: {} },
      publishing: { uncertainRetryDelayMs: 3_000, backoff: TEST_RETRY_SPACING },
      notifications: { backoff: TEST_RETRY_SPACING },
      ...(options.productAiBackoff ? {} : { ai: { backoff: TEST_RETRY_SPACING } }),
    },
  };
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
  /** Settings laid over the pipeline's, given the emulators' addresses (a channel reader of the Telegram emulator, Sheets). */
  env?: (urls: { openai: string; telegram: string }) => Record<string, string>;
}

export async function startPipelineParts(options: PipelineOptions = {}): Promise<PipelineParts> {
  const closers = createClosers();
  try {
    const database = await openDatabase({});
    closers.add(() => database.close());
    await migrateToLatest(database.db);
    const telegramEmulator = await startTelegramEmulator({
      chats: [{ type: 'channel', username: TEST_CHANNEL, title: 'Test listings' }],
      users: [{ id: TEST_ADMIN_ID, first_name: 'Admin' }],
      bot: { username: 'cars_test_bot' },
      acceptUnknownFileIds: true,
    });
    closers.add(() => telegramEmulator.close());
    const openaiEmulator = await startOpenAiEmulator({});
    closers.add(() => openaiEmulator.close());
    const urls = { openai: openaiEmulator.url, telegram: telegramEmulator.url };
    const config = pipelineConfig(urls, options, options.env?.(urls));
    const deps = await createDependencies(config, { database, ...pipelineOverrides(options) });
    closers.add(() => deps.close());
    return {
      config,
      database,
      store: deps.store,
      openaiEmulator,
      openai: deps.clients.openai!,
      telegramEmulator,
      telegram: deps.clients.telegram!,
      activities: createActivitiesByQueue(deps.activityDeps),
      onClose: (close) => closers.add(close),
      close: () => closers.closeAll(),
    };
  } catch (err) {
    await closers.closeAll(() => undefined);
    throw err;
  }
}
