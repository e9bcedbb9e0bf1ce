/**
 * Starting our workflows: typed by the workflow function (see `workflow-types.ts`), and, for
 * starts that may be repeated (a post delivered twice, a double tap on a button), once only.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandleWithFirstExecutionRunId, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { WorkflowName, Workflows } from '../common/workflow-types';

/** Starts workflow `type`; arguments and the handle's result are those of the workflow function. */
export function startWorkflow<N extends WorkflowName>(client: Client, type: N, options: WorkflowStartOptions<Workflows[N]>): Promise<WorkflowHandleWithFirstExecutionRunId<Workflows[N]>> {
  return client.workflow.start<Workflows[N]>(type, options);
}

/** What a start-once did: whether this call started the run, or found it already there. */
export type StartOnceResult<N extends WorkflowName> =
  | { workflowId: string; started: true; runId: string; handle: WorkflowHandleWithFirstExecutionRunId<Workflows[N]> }
  | { workflowId: string; started: false };

/** Start options for {@link startOnce}: the id policies are its own. */
export type StartOnceOptions<N extends WorkflowName> = Omit<WorkflowStartOptions<Workflows[N]>, 'workflowIdConflictPolicy' | 'workflowIdReusePolicy'> & {
  /**
   * After a closed run with the same id: refuse (`reject`, the default), or start again only
   * after a run that did not complete (`afterFailure`, a retry whose failed run's history is gone),
   * or start again after any closed run (`afterClose`: long-running work such as a channel's
   * watcher, which ends when its channel is switched off and starts again when it is back on).
   */
  reuse?: 'reject' | 'afterFailure' | 'afterClose';
};

/**
 * Starts the workflow unless one with its id exists. Safe to repeat because the id is derived
 * from the data: the server refuses a second start both while the first runs (conflict policy
 * FAIL) and after it closed (reuse policy REJECT_DUPLICATE). The refusal is how the caller learns
 * the work was already there; USE_EXISTING would give the same guarantee but would not tell
 * whether this call started anything.
 */
export async function startOnce<N extends WorkflowName>(client: Client, type: N, options: StartOnceOptions<N>): Promise<StartOnceResult<N>> {
  const { reuse, ...rest } = options;
  const start = {
    ...rest,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    workflowIdReusePolicy:
      reuse === 'afterFailure' ? WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY : reuse === 'afterClose' ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : WorkflowIdReusePolicy.REJECT_DUPLICATE,
  } as WorkflowStartOptions<Workflows[N]>;
  try {
    const handle = await startWorkflow(client, type, start);
    return { workflowId: options.workflowId, started: true, runId: handle.firstExecutionRunId, handle };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId: options.workflowId, started: false };
    throw err;
  }
}
