/**
 * Any workflow of this service, as `GET /workflows/{id}` reports it: what it is, where it runs,
 * its status, and its result or why it failed — the `AsyncResult.state`/`.result` of the old
 * setup, read from Temporal. Workflows on other task queues are not ours and are not shown.
 */
import { WorkflowFailedError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { ALL_TASK_QUEUES } from '../common/task-queues';
import type { ScheduleDefinition } from '../schedules';
import { describeIfExists } from './handles';
import { withoutContacts } from './redact';

/** One workflow execution, as the API returns it. */
export interface WorkflowReport {
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  /** RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT. */
  status: string;
  startTime: string;
  closeTime: string | null;
  historyLength: number;
  searchAttributes: Record<string, unknown>;
  memo: unknown;
  /** The workflow's result once COMPLETED (seller contacts counted, not shown). */
  result?: unknown;
  /** Why it ended without a result. */
  failure?: string;
}

async function outcome(client: Client, execution: WorkflowExecutionDescription): Promise<Pick<WorkflowReport, 'result' | 'failure'>> {
  const status = execution.status.name;
  if (status === 'RUNNING') return {};
  const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
  try {
    return { result: withoutContacts(await handle.result()) };
  } catch (err) {
    if (err instanceof WorkflowFailedError) return { failure: err.cause?.message ?? err.message };
    // CONTINUED_AS_NEW without following runs, or a result that can't be read: say so plainly.
    return { failure: status };
  }
}

/** The workflow with this id (latest run), or undefined when there is none of ours. */
export async function workflowReport(client: Client, definitions: readonly ScheduleDefinition[], workflowId: string): Promise<WorkflowReport | undefined> {
  const execution = await describeIfExists(client, workflowId);
  if (!execution) return undefined;
  const ours = new Set<string>([...ALL_TASK_QUEUES, ...definitions.map((d) => d.taskQueue)]);
  if (!ours.has(execution.taskQueue)) return undefined;
  return {
    workflowId: execution.workflowId,
    runId: execution.runId,
    type: execution.type,
    taskQueue: execution.taskQueue,
    status: execution.status.name,
    startTime: execution.startTime.toISOString(),
    closeTime: execution.closeTime?.toISOString() ?? null,
    historyLength: execution.historyLength,
    searchAttributes: Object.fromEntries(execution.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])),
    memo: withoutContacts(execution.memo ?? {}),
    ...(await outcome(client, execution)),
  };
}
