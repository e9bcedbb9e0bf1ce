/**
 * Opens the service's database: a PostgreSQL server when a URL is configured, otherwise the
 * embedded PGlite, on disk or in memory. Either way callers get the same typed Kysely handle,
 * the same SQL and the same value types, so nothing above this module knows which one runs.
 */
import { mkdir } from 'node:fs/promises';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { ADVISORY_LOCK, lockForTransaction } from './advisory-locks';
import { DatabaseConnectionError } from './errors';
import { PGliteDialect } from './pglite-dialect';
import { PGliteHost } from './pglite-host';
import { redactDatabaseUrl, scrubPassword } from './redact-url';
import type { DatabaseSchema } from './schema';
import { pgTypeParsers } from './type-parsers';

/** Which engine serves the data; logged at start-up and shown by the health check. */
export type DatabaseDriver = 'postgres' | 'pglite';

/** Where the data lives; everything comes from the caller's config, nothing from the environment. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL. Unset: the embedded PGlite. */
  databaseUrl?: string;
  /**
   * Directory PGlite keeps its files in (e.g. `.data/pglite`), for one process at a time.
   * Unset: in memory, gone on close.
   */
  dataDir?: string;
  /**
   * Schema that holds the tables (created if missing). Unset: the server's default, `public`.
   * Lets separate deployments, or parallel test runs, share one database.
   */
  schema?: string;
  /** Most connections the PostgreSQL pool opens (default 10). */
  poolSize?: number;
  /** Receives one line per lifecycle event; URLs in it never show a password. */
  log?: (line: string) => void;
}

/** An open database; `close` ends the pool or shuts PGlite down (flushing it to disk). */
export interface Database {
  db: Kysely<DatabaseSchema>;
  driver: DatabaseDriver;
  close(): Promise<void>;
}

/** Schema names are used as identifiers and in `search_path`, so only plain ones are accepted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens (and for PostgreSQL, checks) the database; fails with `DatabaseConnectionError`. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const log = options.log ?? (() => undefined);
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError(`schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME}`);
  }

  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl, schema, options.poolSize ?? 10, log)
    : await openPGlite(options.dataDir, schema);
  log(`database: ${opened.driver} at ${opened.location}${schema ? `, schema ${schema}` : ''}`);

  let closing: Promise<void> | undefined;
  return {
    db: opened.db,
    driver: opened.driver,
    close: () => {
      closing ??= opened.db.destroy().then(() => log(`database: closed ${opened.location}`));
      return closing;
    },
  };
}

interface Opened {
  db: Kysely<DatabaseSchema>;
  driver: DatabaseDriver;
  /** Where the data lives, safe to print. */
  location: string;
}

async function openPostgres(
  databaseUrl: string,
  schema: string | undefined,
  poolSize: number,
  log: (line: string) => void,
): Promise<Opened> {
  const location = redactDatabaseUrl(databaseUrl);
  if (!/^postgres(ql)?:$/.test(safeProtocol(databaseUrl))) {
    throw new DatabaseConnectionError(location, 'expected a postgres:// or postgresql:// URL');
  }

  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    types: pgTypeParsers,
    // A query waiting for a connection fails after this rather than hanging the activity forever.
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection that breaks (server restart) is replaced on next use; without a
  // listener the pool's error event would end the process.
  pool.on('error', (error) => log(`database: idle connection lost: ${scrubPassword(describe(error), databaseUrl)}`));

  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: schema
        ? async (connection) => {
            await connection.executeQuery(CompiledQuery.raw(`select set_config('search_path', $1, false)`, [schema]));
          }
        : undefined,
    }),
  });
  try {
    await sql`select 1`.execute(db);
    if (schema) await createSchema(db, schema);
  } catch (error) {
    await db.destroy();
    throw new DatabaseConnectionError(location, scrubPassword(describe(error), databaseUrl));
  }
  return { db, driver: 'postgres', location };
}

async function openPGlite(dataDir: string | undefined, schema: string | undefined): Promise<Opened> {
  const location = dataDir ?? 'memory';
  let pglite: PGliteHost;
  try {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    pglite = await PGliteHost.start({ dataDir });
  } catch (error) {
    throw new DatabaseConnectionError(location, describe(error));
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new PGliteDialect(pglite) });
  if (schema) {
    try {
      // One session: a setting made now holds for every later query.
      await sql`select set_config('search_path', ${schema}, false)`.execute(db);
      await createSchema(db, schema);
    } catch (error) {
      await db.destroy();
      throw new DatabaseConnectionError(location, describe(error));
    }
  }
  return { db, driver: 'pglite', location };
}

/** `create schema if not exists` still races with itself; a lock makes concurrent opens safe. */
async function createSchema(db: Kysely<DatabaseSchema>, schema: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, ADVISORY_LOCK.schemaCreation);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
  });
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** A one-line reason; connection failures to several addresses arrive as an empty AggregateError. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describe).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}
