/**
 * The shape of one schedule declared in code. Kept as plain data so the sync can hash it,
 * diff it and print it, and so a test can declare its own schedules the same way.
 */
import type { Duration } from '@temporalio/common';
import type { ScheduleOverlapPolicy } from '@temporalio/client';
import type { WorkflowArgs, WorkflowName } from '../common/workflow-types';

/** Overlap policies a definition may choose (the SDK's deprecated UNSPECIFIED left out). */
export type OverlapPolicy = Exclude<ScheduleOverlapPolicy, undefined>;

/**
 * One Temporal Schedule as we want it to be. `schedules apply` makes the server match this;
 * every field but `paused` is part of the definition's fingerprint (see `fingerprint.ts`).
 * Typed by the workflow it starts: `args` are that workflow's arguments.
 */
export interface ScheduleDefinition<N extends WorkflowName = WorkflowName> {
  /** Schedule id on the server (kebab-case), what operators type in `schedules run <id>`. */
  id: string;
  /** The workflow each action starts (it may be registered on the workers later than the schedule). */
  workflowType: N;
  /** Arguments passed to every run. */
  args: WorkflowArgs<N>;
  /** Cron expressions (5 fields, minute first), read in `timezone`; may be empty when `every` is given. */
  cron: string[];
  /** Intervals (`30s`, `1m`, `1h`), counted from the epoch: Celery Beat's `schedule: 60.0`. */
  every?: Duration[];
  /** IANA time zone of the cron expressions. */
  timezone: string;
  /** What happens when a run is due while the previous one is still running. */
  overlap: OverlapPolicy;
  /** How late a missed run (server down) may still be started; anything older is dropped. */
  catchupWindow: Duration;
  /** Random delay up to this much, so jobs due at the same minute don't all start at once. */
  jitter: Duration;
  /** Upper bound on one run, so a stuck run can't block the next ones forever under SKIP. */
  workflowExecutionTimeout: Duration;
  /** Created paused. Later pauses and resumes by operators are kept (see the sync). */
  paused: boolean;
  /** The Celery Beat job this schedule replaces, by its task name. */
  replaces: string;
  /** One line for people: what it does and which Celery Beat entry it replaces; the schedule's initial note. */
  note: string;
  /** Task queue the started workflows run on. */
  taskQueue: string;
  /** Start of every workflow id this schedule (or `job run`) starts, so runs are easy to find in the Web UI. */
  workflowIdPrefix: string;
}
