/**
 * Inputs and results of `cleanup`, the nightly job that deletes data past its retention.
 * Shared by the workflow, its activity, the store and the starters.
 */

/** The tables with a retention period, in the order cleanup visits them (posts first: events keep their rows). */
export const RETENTION_TABLES = ['posts', 'events', 'stats_snapshots'] as const;

/** A table whose old rows the nightly cleanup deletes. */
export type RetentionTable = (typeof RETENTION_TABLES)[number];

/** The tables the cleanup job cleans: every retention table. */
export const CLEANUP_TABLES: readonly RetentionTable[] = RETENTION_TABLES;

/** Days each table keeps its rows, unless the run says otherwise. */
export const DEFAULT_KEEP_DAYS: Readonly<Record<RetentionTable, number>> = { posts: 90, events: 30, stats_snapshots: 30 };

/** Rows per delete statement, unless the run says otherwise. */
export const DEFAULT_CLEANUP_BATCH_SIZE = 1000;

/** Input of `cleanup`; the schedule passes none. */
export interface CleanupInput {
  /** Days to keep per table (whole days, at least 1); a table left out keeps its default. */
  keepDays?: Partial<Record<RetentionTable, number>>;
  /** Rows per delete statement (default 1000). */
  batchSize?: number;
}

/** One table's deletion, as asked of the activity. */
export interface DeleteRowsInput {
  table: RetentionTable;
  /** ISO time: rows dated strictly before it go. */
  before: string;
  batchSize: number;
}

/** Rows a deletion removed and the statements it took. */
export interface DeletedRows {
  deleted: number;
  batches: number;
}

/** One table's part of a cleanup run. */
export interface TableCleanup extends DeletedRows {
  table: RetentionTable;
  keepDays: number;
  before: string;
}

/** What a cleanup run deleted, per table and in all. */
export interface CleanupResult {
  deleted: number;
  tables: TableCleanup[];
}
