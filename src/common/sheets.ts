/**
 * Inputs and results of the Google Sheets jobs (syncChannels, syncSubscribers, updateAnalytics,
 * exportEvents), shared by the workflows, their activities and the entry points that start them
 * and print their results. Plain data only: safe to import from workflow code.
 */

import type { WatcherSyncReport } from './monitor';

/** Failure type of a Sheets job input that no retry can fix. */
export const INVALID_SHEETS_JOB_INPUT = 'InvalidSheetsJobInput';

/** One cell as the service writes it. */
export type SheetCell = string | number | boolean;

/** The sheets Cars Bot writes; it only reads Channels and Subscribers. */
export type OwnedSheet = 'analytics' | 'events';

/** A sheet row that was not applied, with its row number as shown in Google Sheets. */
export interface SkippedRow {
  row: number;
  reason: string;
}

/** Input of `syncChannels` and `syncSubscribers`. */
export interface SyncSheetInput {
  /**
   * Accept an empty (or missing) sheet as the real list and deactivate everything. Off by
   * default: a wiped sheet is far more often an accident than an instruction.
   */
  allowEmpty?: boolean;
}

/** What a sync did, by natural key (normalised chat reference, Telegram user id). */
export interface SheetSyncResult<K> {
  added: K[];
  /** Changed in any field but still active, or switched back on. */
  changed: K[];
  /** Switched off in the sheet, or no longer listed. */
  deactivated: K[];
  /** Rows with bad data, left as they were in the database. */
  skipped: SkippedRow[];
  /** Valid rows read from the sheet. */
  listed: number;
  /** The sheet had no valid rows and `allowEmpty` was not set: nothing was changed. */
  emptySheetIgnored: boolean;
  /** The spreadsheet has no sheet of that name. */
  sheetMissing: boolean;
}

/** Result of `syncChannels`: keys are `@username` or numeric chat ids; `watchers` says what it did to the channel watchers. */
export type ChannelSyncResult = SheetSyncResult<string> & { watchers?: WatcherSyncReport };
/** Result of `syncSubscribers`: keys are Telegram user ids. */
export type SubscriberSyncResult = SheetSyncResult<number>;

/** Input of `updateAnalytics`. */
export interface UpdateAnalyticsInput {
  /**
   * The day to write, `YYYY-MM-DD` in SCHEDULE_TIMEZONE. Default: the day the last hour
   * belongs to, so the run just after midnight completes the previous day's row.
   */
  day?: string;
}

/** Result of `updateAnalytics`. */
export interface UpdateAnalyticsResult {
  period: string;
  /** `updated`: the period's row existed and was overwritten; `appended`: it was added. */
  action: 'updated' | 'appended';
  /** Row number of the period's row in the Analytics sheet. */
  row: number;
  /** The row as written, in the sheet's column order. */
  cells: SheetCell[];
}

/** Input of `exportEvents`. */
export interface ExportEventsInput {
  /** Events per append request (default 200, at most 1000). */
  batchSize?: number;
  /** Appends per run (default 10, which keeps a run's history small); what is left waits for the next run. */
  maxBatches?: number;
}

/** Result of `exportEvents`. */
export interface ExportEventsResult {
  exported: number;
  batches: number;
  /** Events were still pending when the run stopped at `maxBatches`. */
  more: boolean;
}

/** Bounds of `ExportEventsInput`, checked by the workflow. */
export const EXPORT_EVENTS_LIMITS = { defaultBatchSize: 200, maxBatchSize: 1000, defaultMaxBatches: 10 } as const;
