/**
 * Health checks on demand: `cars-bot health` runs one and waits; the bot's `/health` takes the
 * newest completed `healthCheck` run (the schedule's every five minutes, or anyone's on-demand
 * one), found through visibility, and only when there is none yet runs one now, with a deadline.
 */
import type { Client } from '@temporalio/client';
import type { HealthReport } from '../common/health';
import { TASK_QUEUES } from '../common/task-queues';
import { workflowHandle } from './handles';
import { startWorkflow } from './start-workflow';
import { WORKFLOW_TYPES } from '../common/workflow-types';

/** A health report and the run it came from. */
export interface LatestHealth {
  report: HealthReport;
  workflowId: string;
  /** True when no earlier check was found and this one was run for the asker. */
  ranNow: boolean;
}

const LOOK_AT = 20;

/** Runs the healthCheck workflow now under `workflowId` and waits for its report. */
export async function runHealthCheck(client: Client, options: { workflowId: string; recheckAfterMs: number; staticSummary?: string }): Promise<HealthReport> {
  const handle = await startWorkflow(client, WORKFLOW_TYPES.healthCheck, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId: options.workflowId,
    args: [{ recheckAfterMs: options.recheckAfterMs }],
    workflowExecutionTimeout: '2m',
    ...(options.staticSummary ? { staticSummary: options.staticSummary } : {}),
  });
  return handle.result();
}

/** The newest completed check's report, if visibility has one. */
async function newestCompleted(client: Client): Promise<LatestHealth | undefined> {
  let newest: { workflowId: string; runId: string; closedAt: number } | undefined;
  let seen = 0;
  for await (const info of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPES.healthCheck}' AND ExecutionStatus = 'Completed'`, pageSize: LOOK_AT })) {
    const closedAt = info.closeTime?.getTime() ?? 0;
    if (!newest || closedAt > newest.closedAt) newest = { workflowId: info.workflowId, runId: info.runId, closedAt };
    if (++seen >= LOOK_AT) break;
  }
  if (!newest) return undefined;
  const report = await workflowHandle(client, WORKFLOW_TYPES.healthCheck, newest.workflowId, newest.runId).result();
  return { report, workflowId: newest.workflowId, ranNow: false };
}

/** The latest health report, running a check when none is found. */
export async function latestHealth(client: Client, options: { waitMs?: number; now?: Date } = {}): Promise<LatestHealth> {
  const found = await newestCompleted(client);
  if (found) return found;
  const workflowId = `health-check-bot-${(options.now ?? new Date()).toISOString()}`;
  const waitMs = options.waitMs ?? 30_000;
  const report = await client.withDeadline(Date.now() + waitMs, () =>
    // Asked by a person: report what is seen now rather than re-probing after a pause.
    runHealthCheck(client, { workflowId, recheckAfterMs: 0, staticSummary: 'Health check asked for in the bot' }),
  );
  return { report, workflowId, ranNow: true };
}
