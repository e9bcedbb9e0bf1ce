/**
 * Keys of the PostgreSQL advisory locks the service takes, in one place so two purposes can
 * never share a key. Any fixed numbers work; every process must use the same ones.
 */
import { sql, type Kysely, type Transaction } from 'kysely';

/** Lock keys by purpose. */
export const ADVISORY_LOCK = {
  /** Held for a whole migration run. */
  migrations: 7_320_410_339,
  /** Serialises `create schema if not exists`, which races with itself. */
  schemaCreation: 7_320_410_338,
  /** One channel-list replacement at a time, so two syncs don't interleave their diffs. */
  channelsSync: 7_320_410_340,
  /** Likewise for the subscriber list. */
  subscribersSync: 7_320_410_341,
} as const;

/** Takes a lock until the surrounding transaction ends (commit or rollback). */
export async function lockForTransaction<DB>(trx: Transaction<DB>, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
}

/** Takes a lock held by this connection until `unlockSession`; pin the connection first. */
export async function lockSession<DB>(connection: Kysely<DB>, key: number): Promise<void> {
  await sql`select pg_advisory_lock(${key}::bigint)`.execute(connection);
}

/** Releases a lock taken with `lockSession` on the same connection. */
export async function unlockSession<DB>(connection: Kysely<DB>, key: number): Promise<void> {
  await sql`select pg_advisory_unlock(${key}::bigint)`.execute(connection);
}
