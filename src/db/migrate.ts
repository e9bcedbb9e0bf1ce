/**
 * Brings the schema up to date at start-up. Several workers start at once, so the whole run,
 * including the creation of Kysely's own bookkeeping tables, happens under one PostgreSQL
 * advisory lock: the first process migrates, the others wait for it, then find nothing to do.
 * PGlite has the same advisory locks, so the embedded database takes the same path.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { ADVISORY_LOCK, lockSession, unlockSession } from './advisory-locks';
import { MigrationError } from './errors';
import { migrationProvider } from './migrations';
import type { DatabaseSchema } from './schema';

/** What a run did: the migrations it applied, in order (empty when already up to date). */
export interface MigrationSummary {
  applied: string[];
}

/** Applies every pending migration; safe to call from any number of processes at once. */
export async function migrateToLatest(db: Kysely<DatabaseSchema>): Promise<MigrationSummary> {
  // A session-level lock belongs to one connection: hold that connection for the whole run.
  return db.connection().execute(async (connection) => {
    await lockSession(connection, ADVISORY_LOCK.migrations);
    try {
      return await runMigrator(connection);
    } finally {
      await unlockSession(connection, ADVISORY_LOCK.migrations);
    }
  });
}

async function runMigrator(db: Kysely<DatabaseSchema>): Promise<MigrationSummary> {
  // Name the schema explicitly: Kysely looks for its tables across all schemas otherwise,
  // and would take another schema's bookkeeping for ours.
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new MigrationError(undefined, 'no schema on the search_path exists');

  // Migration numbers are reserved ahead (0011 landed after 0013): a database that ran the later
  // ones still runs an earlier-numbered one it lacks, rather than being refused as out of order.
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema, allowUnorderedMigrations: true });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed, error instanceof Error ? error.message : String(error));
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
