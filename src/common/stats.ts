/**
 * Inputs and results of `collectStats`, the job that keeps a stats snapshot every 15 minutes:
 * the database's figures and the task queues' backlog. Shared by the workflow, its activities
 * and the starters.
 */
import type { PostStatus } from './post-status';

/** Counts over posts received in [from, to), unless a field says otherwise. */
export interface Figures {
  from: Date;
  to: Date;
  postsByStatus: Record<PostStatus, number>;
  received: number;
  /** Classified as car-sale ads. */
  carAds: number;
  duplicates: number;
  /** Published within [from, to), whenever received. */
  published: number;
  failed: number;
  aiCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** Subscriptions running at `to`, by the subscriber list as it stands now. */
  activeSubscribers: number;
}

/** The period of a figures query; `to` is exclusive. */
export interface Period {
  from: Date;
  to: Date;
}

/** Tasks waiting in one task queue for a worker: how many, and how long the oldest has waited. */
export interface TaskQueueBacklog {
  taskQueue: string;
  /** Workflow tasks or activity tasks: the two kinds of work a queue hands out. */
  kind: 'workflow' | 'activity';
  /** Approximate, as Temporal reports it. */
  backlog: number;
  oldestAgeMs: number;
}

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
