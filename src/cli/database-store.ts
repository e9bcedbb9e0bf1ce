/**
 * The database for commands that read it (post list, stats): a PostgreSQL server named by
 * DATABASE_URL. The embedded database belongs to the running stack (one process at a time), so
 * without a URL the command says where else to look instead of opening it behind the stack's back.
 */
import type { AppConfig } from '../config';
import type { Database, Store } from '../db';

/** Runs `work` with a store over DATABASE_URL's server; throws a readable error without one. */
export async function withDatabaseStore<T>(config: AppConfig, command: string, work: (store: Store) => Promise<T>): Promise<T> {
  if (!config.database.url) {
    throw new Error(
      `${command} reads the database: set DATABASE_URL (the embedded database belongs to the running stack; there, the HTTP API answers the same: ${command === 'stats' ? 'GET /api/v1/stats' : 'GET /api/v1/posts'})`,
    );
  }
  return withOptionalStore(config, (store) => work(store!));
}

/**
 * Runs `work` with a store over DATABASE_URL's server when there is one, or with none (the
 * command then reads what Temporal holds): only a PostgreSQL server can be shared.
 */
export async function withOptionalStore<T>(config: AppConfig, work: (store: Store | undefined) => Promise<T>): Promise<T> {
  let database: Database | undefined;
  try {
    let store: Store | undefined;
    if (config.database.url) {
      const { createStore, openDatabase } = await import('../db');
      database = await openDatabase({ databaseUrl: config.database.url });
      store = createStore(database.db);
    }
    return await work(store);
  } finally {
    await database?.close();
  }
}
