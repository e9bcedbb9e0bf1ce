/**
 * The Sheets jobs' real parts for tests: an in-memory PGlite database with the product's
 * migrations, the Sheets emulator, and the product's dependency builder (`createDependencies`)
 * configured for it: the Sheets client signs its own tokens with a throwaway service-account key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import type { SheetsConnection } from '../../src/activities/sheets/sheets-client';
import type { BackoffPolicy } from '../../src/activities/backoff';
import { createClosers } from '../../src/common/closers';
import { migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
import { createDependencies } from '../../src/workers/dependencies';
// The server module alone: the emulator's index also loads its googleapis helpers (all of googleapis).
import { startSheetsEmulator, type SheetsEmulator } from '../../emulators/sheets/server';
import type { SheetsFixture } from '../../emulators/sheets/fixture';
import { testConfig } from './temporal';

export const TEST_SPREADSHEET_ID = 'panel-under-test';
export const TEST_SERVICE_ACCOUNT = 'cars-bot-test@cars-bot.iam.gserviceaccount.com';
/** The operators' time zone in these tests: dates in the sheets are Almaty days. */
export const TEST_TIME_ZONE = 'Asia/Almaty';
/** Short retry spacing so retry tests finish quickly; the policy's shape is the product's. */
export const TEST_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 400 };

/** A service-account key as Google issues it, with a fresh private key. */
export function testServiceAccountJson(email = TEST_SERVICE_ACCOUNT): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'cars-bot',
    private_key_id: 'test-key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
  });
}

export interface SheetsParts {
  database: Database;
  store: Store;
  emulator: SheetsEmulator;
  connection: SheetsConnection;
  activities: ActivitiesByQueue;
  /** Lines the emulator logged, e.g. `values.append 200 3ms`. */
  requestLog: string[];
  /** Called with each emulator log line as it is written (before the client sees the answer). */
  onRequest?: (line: string) => void;
  close(): Promise<void>;
}

/** Starts the emulator with `spreadsheets` (no quota unless set) and builds the activities. */
export async function startSheetsParts(options: { spreadsheets?: SheetsFixture; spreadsheetId?: string; quotaPerMinute?: number } = {}): Promise<SheetsParts> {
  const closers = createClosers();
  try {
    const database = await openDatabase({});
    closers.add(() => database.close());
    await migrateToLatest(database.db);
    const requestLog: string[] = [];
    const parts = {} as SheetsParts;
    const emulator = await startSheetsEmulator({
      spreadsheets: options.spreadsheets ?? {},
      quotaPerMinute: options.quotaPerMinute ?? 0,
      log: (line) => {
        requestLog.push(line);
        parts.onRequest?.(line);
      },
    });
    closers.add(() => emulator.close());
    const config = testConfig({
      GOOGLE_SHEETS_SPREADSHEET_ID: options.spreadsheetId ?? TEST_SPREADSHEET_ID,
      GOOGLE_SERVICE_ACCOUNT_JSON: testServiceAccountJson(),
      GOOGLE_SHEETS_ROOT_URL: emulator.url,
      SCHEDULE_TIMEZONE: TEST_TIME_ZONE,
      DEDUPE_WINDOW_DAYS: '7',
      MONITOR_READER: 'off',
    });
    const deps = await createDependencies(config, {
      database,
      // Jest's sandbox can't load node-fetch the way googleapis does: the global fetch instead.
      clientOptions: { sheets: { fetchImplementation: fetch, timeoutMs: 10_000 } },
      activities: { health: { probes: {} }, sheets: { backoff: TEST_BACKOFF } },
    });
    closers.add(() => deps.close());
    return Object.assign(parts, {
      database,
      store: deps.store,
      emulator,
      connection: deps.clients.sheets!,
      activities: createActivitiesByQueue(deps.activityDeps),
      requestLog,
      close: () => closers.closeAll(),
    });
  } catch (err) {
    await closers.closeAll(() => undefined);
    throw err;
  }
}

/** How many requests of one API method the emulator answered with `status`, e.g. `values.append`, 200. */
export function countRequests(log: readonly string[], method: string, status = 200): number {
  return log.filter((line) => line.startsWith(`${method} ${status} `)).length;
}
