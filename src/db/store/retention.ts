/**
 * Deleting data past its retention. Deletes go in batches of a bounded size, each its own
 * statement, so the nightly cleanup never holds locks on a large share of a table and can be
 * interrupted (or heartbeat) between batches without losing what it already did.
 */
import type { Kysely } from 'kysely';
import { RETENTION_TABLES, type RetentionTable } from '../../common/cleanup';
import type { DatabaseSchema } from '../schema';

/** The column that dates each retention table's rows. */
const DATED_BY = {
  posts: 'created_at',
  events: 'created_at',
  stats_snapshots: 'taken_at',
} as const satisfies Record<RetentionTable, string>;

/** One table's deletion: what goes, and how much per statement. */
export interface DeleteOlderThanOptions {
  table: RetentionTable;
  /** Rows dated strictly before this go. */
  before: Date;
  /** Rows per delete statement. */
  batchSize: number;
  /** Called after each batch with the running total, e.g. to heartbeat. */
  onBatch?: (deletedSoFar: number) => void;
}

/** The retention policy for one cleanup run. */
export interface CleanupOptions {
  /** Days to keep, per table; a table left out is not cleaned. */
  keepDays: Partial<Record<RetentionTable, number>>;
  /** Rows per delete statement (default 1000). */
  batchSize?: number;
  /** Reference time (default: now). */
  now?: Date;
  onBatch?: (table: RetentionTable, deletedSoFar: number) => void;
}

/** The retention operations of the store. */
export interface RetentionStore {
  /** Deletes a table's rows dated before `before`, batch by batch; returns rows and batches. */
  deleteOlderThan(options: DeleteOlderThanOptions): Promise<{ deleted: number; batches: number }>;
  /** Applies every table's retention; returns the rows deleted per table. */
  cleanup(options: CleanupOptions): Promise<Record<RetentionTable, number>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Builds the retention operations over `db`. */
export function createRetentionStore(db: Kysely<DatabaseSchema>): RetentionStore {
  const deleteBatch = async (table: RetentionTable, before: Date, batchSize: number): Promise<number> => {
    const dateColumn = DATED_BY[table];
    const result = await db
      .deleteFrom(table)
      .where('id', 'in', (eb) =>
        eb.selectFrom(table).select('id').where(dateColumn, '<', before).orderBy('id').limit(batchSize),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  };

  const store: RetentionStore = {
    async deleteOlderThan({ table, before, batchSize, onBatch }) {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
      let deleted = 0;
      let batches = 0;
      for (;;) {
        const n = await deleteBatch(table, before, batchSize);
        if (n === 0) break;
        deleted += n;
        batches += 1;
        onBatch?.(deleted);
        if (n < batchSize) break;
      }
      return { deleted, batches };
    },

    async cleanup({ keepDays, batchSize = 1000, now = new Date(), onBatch }) {
      const deleted = Object.fromEntries(RETENTION_TABLES.map((t) => [t, 0])) as Record<RetentionTable, number>;
      for (const table of RETENTION_TABLES) {
        const days = keepDays[table];
        if (days === undefined) continue;
        const before = new Date(now.getTime() - days * DAY_MS);
        const result = await store.deleteOlderThan({ table, before, batchSize, onBatch: (n) => onBatch?.(table, n) });
        deleted[table] = result.deleted;
      }
      return deleted;
    },
  };
  return store;
}
