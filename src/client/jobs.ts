/**
 * Running a scheduled job now, outside its schedule — the old admin API's synchronous and
 * asynchronous triggers. The run gets a readable id of its own (`cleanup-manual-<time>`), so it
 * never collides with the schedule's runs and is easy to find in the Web UI.
 */
import { WorkflowFailedError, type Client, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { PRIORITY } from '../common/priorities';
import type { WorkflowName } from '../common/workflow-types';
import { findJob } from '../schedules/lookup';
import type { ScheduleDefinition } from '../schedules/schedule-definition';
import { startWorkflow } from './start-workflow';

/** A job run: ids at once, status and result (or failure) once waited for. */
export interface JobRun {
  /** The schedule id of the job. */
  job: string;
  workflowType: WorkflowName;
  workflowId: string;
  runId: string;
  /** COMPLETED, FAILED, TIMED_OUT, TERMINATED, CANCELLED; absent until waited for. */
  status?: string;
  result?: unknown;
  failure?: string;
  /** When the run begins, for a start put off (ISO time). */
  scheduledFor?: string;
}

/** `<prefix>-manual-<ISO time>`: says what ran, that a person started it, and when. */
export function manualWorkflowId(def: ScheduleDefinition, now: Date = new Date()): string {
  return `${def.workflowIdPrefix}-manual-${now.toISOString()}`;
}

/**
 * Starts the job named by schedule id or workflow type, with the arguments and time limit its
 * schedule uses; `startDelayMs` puts it off (Temporal's start delay), as Celery's countdown did.
 */
export async function startJob(
  client: Client,
  definitions: readonly ScheduleDefinition[],
  name: string,
  options: { now?: Date; startDelayMs?: number } = {},
): Promise<{ run: JobRun; handle: WorkflowHandleWithFirstExecutionRunId }> {
  const def = findJob(definitions, name);
  const handle: WorkflowHandleWithFirstExecutionRunId = await startWorkflow(client, def.workflowType, {
    taskQueue: def.taskQueue,
    workflowId: manualWorkflowId(def, options.now),
    args: def.args,
    workflowExecutionTimeout: def.workflowExecutionTimeout,
    memo: { startedBy: 'job run', scheduleId: def.id },
    // Someone asked for it now: ahead of the scheduled runs (common/priorities.ts).
    priority: { priorityKey: PRIORITY.live },
    staticSummary: `Manual run. ${def.note}`,
    ...(options.startDelayMs ? { startDelay: options.startDelayMs } : {}),
  });
  const scheduledFor = options.startDelayMs ? new Date(Date.now() + options.startDelayMs).toISOString() : undefined;
  return { run: { job: def.id, workflowType: def.workflowType, workflowId: handle.workflowId, runId: handle.firstExecutionRunId, ...(scheduledFor ? { scheduledFor } : {}) }, handle };
}

/** Waits for a started job to close; a failure is reported in the result, not thrown. */
export async function waitForJob(handle: WorkflowHandle, run: JobRun): Promise<JobRun> {
  try {
    const result: unknown = await handle.result();
    return { ...run, status: 'COMPLETED', result };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const status = (await handle.describe()).status.name;
    return { ...run, status, failure: err.cause?.message ?? err.message };
  }
}

/** Starts a job and, with `wait`, waits for its result. */
export async function runJob(client: Client, definitions: readonly ScheduleDefinition[], name: string, options: { wait?: boolean; now?: Date } = {}): Promise<JobRun> {
  const { run, handle } = await startJob(client, definitions, name, options);
  return options.wait ? waitForJob(handle, run) : run;
}
