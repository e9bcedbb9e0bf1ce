/**
 * The Sheets jobs' real parts for tests: an in-memory PGlite database with the product's
 * migrations and store, the Sheets emulator, and the product's Sheets client (a service account
 * with a throwaway key, signing its own tokens) pointed at it, passed into the product's
 * activity factories.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import { createSheetsClient, type SheetsConnection } from '../../src/activities/sheets/sheets-client';
import type { BackoffPolicy } from '../../src/activities/backoff';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
// The server module alone: the emulator's index also loads its googleapis helpers (all of googleapis).
import { startSheetsEmulator, type SheetsEmulator } from '../../emulators/sheets/server';
import type { SheetsFixture } from '../../emulators/sheets/fixture';

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
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  const store = createStore(database.db);
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
  const connection = createSheetsClient(
    { spreadsheetId: options.spreadsheetId ?? TEST_SPREADSHEET_ID, serviceAccountJson: testServiceAccountJson(), rootUrl: emulator.url },
    { fetchImplementation: fetch, timeoutMs: 10_000 },
  )!;
  const activities = createActivitiesByQueue({
    health: { probes: {} },
    posts: { store, dedupeWindowDays: 7 },
    sheets: { connection, store, timeZone: TEST_TIME_ZONE, backoff: TEST_BACKOFF },
  });
  return Object.assign(parts, {
    database,
    store,
    emulator,
    connection,
    activities,
    requestLog,
    async close() {
      await emulator.close();
      await database.close();
    },
  });
}

/** How many requests of one API method the emulator answered with `status`, e.g. `values.append`, 200. */
export function countRequests(log: readonly string[], method: string, status = 200): number {
  return log.filter((line) => line.startsWith(`${method} ${status} `)).length;
}
