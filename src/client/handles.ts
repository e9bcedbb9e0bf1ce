/** Reading our workflows' runs: typed handles, and a describe that tells "no such workflow" apart. */
import { WorkflowNotFoundError, type Client, type GetWorkflowHandleOptions, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import type { WorkflowName, Workflows } from '../common/workflow-types';

/** A handle on a run of workflow `type` (the latest run without `runId`), its result typed. */
export function workflowHandle<N extends WorkflowName>(client: Client, _type: N, workflowId: string, runId?: string, options?: GetWorkflowHandleOptions): WorkflowHandle<Workflows[N]> {
  return client.workflow.getHandle<Workflows[N]>(workflowId, runId, options);
}

/** The latest run of the workflow with this id, or undefined when there is none. */
export async function describeIfExists(client: Client, workflowId: string): Promise<WorkflowExecutionDescription | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
