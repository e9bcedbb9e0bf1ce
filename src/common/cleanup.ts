/**
 * Inputs and results of `cleanup`, the nightly job that deletes data past its retention.
 * Shared by the workflow, its activity and the starters.
 */
import type { RetentionTable } from '../db';

/** The tables cleaned, in the order the job visits them (posts first: events keep their rows). */
export const CLEANUP_TABLES = ['posts', 'events', 'stats_snapshots'] as const satisfies readonly RetentionTable[];

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
