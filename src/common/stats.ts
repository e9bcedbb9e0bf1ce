/**
 * Inputs and results of `collectStats`, the job that keeps a stats snapshot every 15 minutes:
 * the database's figures and the task queues' backlog. Shared by the workflow, its activities
 * and the starters.
 */
import type { Figures, TaskQueueBacklog } from '../db';

/** Hours of activity a snapshot covers, unless the run says otherwise. */
export const DEFAULT_STATS_PERIOD_HOURS = 24;

/** Input of `collectStats`; the schedule passes none. */
export interface CollectStatsInput {
  /** The figures cover this many hours up to the run's time (default 24); a whole number from 1 to 720. */
  periodHours?: number;
}

/** What the snapshot activity is asked to save. */
export interface SaveSnapshotInput {
  /** ISO times of the period the figures cover; `to` is the snapshot's time. */
  from: string;
  to: string;
  queues: TaskQueueBacklog[];
  /** The run saving it: a retried save finds the snapshot instead of adding a second one. */
  takenBy: string;
}

/** The snapshot as saved, in JSON-safe form. */
export interface CollectStatsResult {
  snapshotId: number;
  takenAt: string;
  period: { from: string; to: string };
  figures: Omit<Figures, 'from' | 'to'>;
  queues: TaskQueueBacklog[];
  /** Tasks waiting across all our queues. */
  totalBacklog: number;
}
