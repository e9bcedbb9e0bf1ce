/**
 * A Kysely dialect for PGlite (PostgreSQL compiled to WebAssembly, run by `PGliteHost`). It
 * reuses Kysely's PostgreSQL adapter, compiler and introspector, so the embedded database
 * runs the very SQL and migrations PostgreSQL does.
 *
 * PGlite is one session. Every query takes the session through a mutex, and a transaction
 * holds it from BEGIN to COMMIT, so a query from elsewhere waits instead of landing inside
 * someone else's transaction. The other side of that: code inside a transaction must use the
 * transaction's handle (`trx`), never the outer `db`, or it waits for itself. Savepoints are
 * not implemented; the store never nests transactions.
 */
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { Mutex } from './mutex';
import type { PGliteHost } from './pglite-host';

/** Commands whose row count Kysely reports as `numAffectedRows`. */
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Runs Kysely on a PGlite host; the dialect owns it and closes it on `db.destroy()`. */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGliteHost) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }

  // Kysely's own signature takes `Kysely<any>`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;

  constructor(private readonly pglite: PGliteHost) {
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    // The host is started (and PGlite ready) before the dialect is made.
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.acquire();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.release();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // Transactions never overlap on one session, so every isolation level already behaves as
    // serializable; only a read-only mode is worth passing on.
    if (settings.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('start transaction read only'));
    } else {
      await connection.executeQuery(CompiledQuery.raw('begin'));
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    // Wait for the query or transaction in progress, then close for good.
    await this.#mutex.acquire();
    await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGliteHost) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query(compiledQuery.sql, compiledQuery.parameters);
    return {
      rows: result.rows as R[],
      numAffectedRows:
        result.command !== undefined && WRITE_COMMANDS.has(result.command) ? BigInt(result.affectedRows ?? 0) : undefined,
    };
  }

  /** PGlite has no cursors: the whole result is read, then handed out in chunks. */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }
}
