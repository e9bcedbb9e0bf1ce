/**
 * Opens the service's database: a PostgreSQL server when a URL is configured, otherwise the
 * embedded PGlite, on disk or in memory. Both are reached the same way, through a `pg` pool
 * and Kysely's PostgreSQL dialect (PGlite is served in PostgreSQL's wire protocol on a socket
 * of its own), so callers get the same typed handle, the same SQL and the same value types,
 * and nothing above this module knows which one runs.
 */
import { mkdir } from 'node:fs/promises';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { Pool, type PoolConfig } from 'pg';
import { ADVISORY_LOCK, lockForTransaction } from './advisory-locks';
import { DatabaseConnectionError } from './errors';
import { PGliteHost, SOCKET_PORT } from './pglite-host';
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
  /** Most connections the pool opens (default 10), to PostgreSQL or to the embedded database. */
  poolSize?: number;
  /**
   * PGlite only: how long a transaction may sit idle holding the embedded database's one
   * session before the statements waiting for it fail (default 30 s).
   */
  idleInTransactionTimeoutMs?: number;
  /** Receives one line per lifecycle event; URLs in it never show a password. */
  log?: (line: string) => void;
}

/** An open database; `close` ends the pool, and shuts PGlite down (flushing it to disk). */
export interface Database {
  db: Kysely<DatabaseSchema>;
  driver: DatabaseDriver;
  /** The embedded database's thread, for its figures (tests); unset on PostgreSQL. */
  pglite?: PGliteHost;
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
    : await openPGlite(options, schema, log);
  log(`database: ${opened.driver} at ${opened.location}${schema ? `, schema ${schema}` : ''}`);

  let closing: Promise<void> | undefined;
  return {
    db: opened.db,
    driver: opened.driver,
    pglite: opened.pglite,
    close: () => {
      closing ??= opened.close().then(() => log(`database: closed ${opened.location}`));
      return closing;
    },
  };
}

interface Opened {
  db: Kysely<DatabaseSchema>;
  driver: DatabaseDriver;
  /** Where the data lives, safe to print. */
  location: string;
  pglite?: PGliteHost;
  close(): Promise<void>;
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
  const db = await openPool({ connectionString: databaseUrl, max: poolSize }, schema, location, log, (text) => scrubPassword(text, databaseUrl));
  return { db, driver: 'postgres', location, close: () => db.destroy() };
}

/**
 * PGlite on a thread of its own, served on a Unix socket; from here on it is reached exactly
 * as a PostgreSQL server is, through the same pool and dialect.
 */
async function openPGlite(options: OpenDatabaseOptions, schema: string | undefined, log: (line: string) => void): Promise<Opened> {
  const { dataDir } = options;
  const location = dataDir ?? 'memory';
  let host: PGliteHost;
  try {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    host = await PGliteHost.start({ dataDir, idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs, log });
  } catch (error) {
    throw new DatabaseConnectionError(location, describe(error));
  }
  let db: Kysely<DatabaseSchema>;
  try {
    db = await openPool(
      { host: host.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres', max: options.poolSize ?? 10 },
      schema,
      location,
      log,
      (text) => text,
    );
  } catch (error) {
    await host.close();
    throw error;
  }
  return {
    db,
    driver: 'pglite',
    location,
    pglite: host,
    // The pool first (its clients disconnect), then PGlite, which writes everything to disk.
    close: async () => {
      await db.destroy();
      await host.close();
    },
  };
}

/** A `pg` pool and Kysely over it, checked with one query; fails with `DatabaseConnectionError`. */
async function openPool(
  config: PoolConfig,
  schema: string | undefined,
  location: string,
  log: (line: string) => void,
  scrub: (text: string) => string,
): Promise<Kysely<DatabaseSchema>> {
  const pool = new Pool({
    ...config,
    types: pgTypeParsers,
    // A query waiting for a connection fails after this rather than hanging the activity forever.
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection that breaks (server restart) is replaced on next use; without a
  // listener the pool's error event would end the process.
  pool.on('error', (error) => log(`database: idle connection lost: ${scrub(describe(error))}`));
  // A connection lost while checked out (the server ended it) fails its next query; without a
  // listener of its own its error event would end the process first.
  pool.on('connect', (client) => client.on('error', (error) => log(`database: connection lost: ${scrub(describe(error))}`)));

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
    throw new DatabaseConnectionError(location, scrub(describe(error)));
  }
  return db;
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
