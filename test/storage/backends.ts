/**
 * The databases the storage suite runs on: PGlite always, PostgreSQL as well when
 * `DATABASE_URL` is set (`scripts/ci-postgres.sh` prints one). On PostgreSQL every test file
 * works in a schema of its own, dropped at the end, so parallel files and runs never meet;
 * between tests the tables are emptied, so each test starts from a clean database.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createStore, migrateToLatest, openDatabase, type Database, type DatabaseSchema, type Store } from '../../src/db';

export interface Backend {
  name: 'pglite' | 'postgres';
  databaseUrl?: string;
}

/** PGlite, plus PostgreSQL when `DATABASE_URL` is set. */
export const BACKENDS: Backend[] = [
  { name: 'pglite' },
  ...(process.env.DATABASE_URL ? [{ name: 'postgres' as const, databaseUrl: process.env.DATABASE_URL }] : []),
];

/** The service's tables, emptied between tests. */
const TABLES = ['fingerprint_claims', 'events', 'posts', 'channels', 'subscribers', 'stats_snapshots', 'telegram_flood_waits'] as const;

/** A schema name no other test file or run uses. */
export function uniqueSchema(): string {
  return `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Opens the backend's database: a fresh schema on PostgreSQL, a fresh in-memory PGlite. */
export async function openFresh(backend: Backend, schema = uniqueSchema()): Promise<Database & { dispose(): Promise<void> }> {
  const database = await openDatabase({ databaseUrl: backend.databaseUrl, schema: backend.databaseUrl ? schema : undefined });
  return {
    ...database,
    async dispose() {
      if (backend.databaseUrl) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    },
  };
}

export interface TestStore {
  readonly db: Kysely<DatabaseSchema>;
  readonly store: Store;
}

/**
 * Registers hooks giving the tests of a `describe` block a migrated database, emptied before
 * each test, and returns accessors for it.
 */
export function useTestStore(backend: Backend): TestStore {
  let database: Awaited<ReturnType<typeof openFresh>> | undefined;
  let store: Store | undefined;

  beforeAll(async () => {
    database = await openFresh(backend);
    await migrateToLatest(database.db);
    store = createStore(database.db);
  });
  beforeEach(async () => {
    await sql`truncate table ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(database!.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  return {
    get db() {
      if (!database) throw new Error('the test database is not open yet');
      return database.db;
    },
    get store() {
      if (!store) throw new Error('the test database is not open yet');
      return store;
    },
  };
}

/** Moves a row's date column into the past, as if it had been written back then. */
export async function backdate(
  db: Kysely<DatabaseSchema>,
  table: 'posts' | 'events' | 'stats_snapshots',
  column: 'created_at' | 'published_at' | 'taken_at',
  id: number,
  to: Date,
): Promise<void> {
  await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${to} where id = ${id}`.execute(db);
}

/** `days` days before `from`. */
export function daysBefore(days: number, from: Date = new Date()): Date {
  return new Date(from.getTime() - days * 24 * 60 * 60 * 1000);
}
