/**
 * A running post's step that is being retried, as operators ask for it: which activity, which
 * attempt, the last error and when the next attempt is due — read from the workflow's pending
 * activities (what the Web UI's "Pending Activities" shows), so "classify 40 %" during an
 * OpenAI outage also says why it is taking long.
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { temporal, type google } from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';

/** A step's activity that has failed at least once and is waiting for (or running) its next attempt. */
export interface PendingStep {
  activity: string;
  /** 1 for the first attempt; a retrying step is past 1. */
  attempt: number;
  /** SCHEDULED (waiting for its next attempt or a worker) or STARTED (running now). */
  state: string;
  /** The last attempt's error, as `Type: message`. */
  lastError: string | null;
  /** When the next attempt is due, while it waits. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
}

const iso = (ts: google.protobuf.ITimestamp | null | undefined): string | null => optionalTsToDate(ts)?.toISOString() ?? null;
const State = temporal.api.enums.v1.PendingActivityState;

/** The pending activities of the run that have been tried before (attempt > 1 or a last failure). */
export async function pendingSteps(client: Client, execution: WorkflowExecutionDescription): Promise<PendingStep[]> {
  const pending = execution.raw.pendingActivities ?? [];
  const steps: PendingStep[] = [];
  for (const p of pending) {
    if ((p.attempt ?? 1) <= 1 && !p.lastFailure) continue;
    const error = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, p.lastFailure).catch(() => undefined);
    const lastError = error ? (error instanceof ApplicationFailure ? `${error.type ?? 'Error'}: ${error.message}` : error.message) : null;
    steps.push({
      activity: p.activityType?.name ?? 'unknown',
      attempt: p.attempt ?? 1,
      state: (State[p.state ?? 0] ?? 'UNSPECIFIED').replace('PENDING_ACTIVITY_STATE_', ''),
      lastError,
      nextAttemptAt: iso(p.nextAttemptScheduleTime),
      lastAttemptAt: iso(p.lastAttemptCompleteTime),
    });
  }
  return steps;
}
