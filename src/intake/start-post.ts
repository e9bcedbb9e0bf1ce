/**
 * Starting a post's workflow, for every intake (bot, HTTP API, CLI). Safe to repeat: the id is
 * derived from the post, and the server refuses a second start both while the first runs
 * (conflict policy FAIL) and after it closed (reuse policy REJECT_DUPLICATE). The refusal is
 * how we learn the post was already there; USE_EXISTING would give the same guarantee but
 * would not tell the caller whether this call started anything.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { PRIORITY } from '../common/priorities';
import { postWorkflowId, sourceKey, type PostInput, type PriorityKey, type ProcessPostInput } from '../common/posts';
import { POST_STATUS, SOURCE_CHANNEL } from '../common/search-attributes';
import { TASK_QUEUES } from '../common/task-queues';

export interface StartedPost {
  workflowId: string;
  /** False when the post's workflow already existed (running or finished). */
  started: boolean;
  runId?: string;
}

/**
 * Starts the post's workflow unless it exists. `priority` is the row of the priorities table
 * (`common/priorities.ts`) the intake belongs to: live unless said otherwise. `rerun` (a retry of
 * a post whose failed run's history is gone) lets a new run start after a closed one that did
 * not complete.
 */
export async function startPostWorkflow(client: Client, post: PostInput, options: { priority?: PriorityKey; rerun?: boolean } = {}): Promise<StartedPost> {
  const workflowId = postWorkflowId(post.source, post.messageId);
  const input: ProcessPostInput = { post };
  try {
    const handle = await client.workflow.start('processPost', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: options.rerun ? WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // Fairness per source channel: one flooding channel can't starve the others.
      priority: { priorityKey: options.priority ?? PRIORITY.live, fairnessKey: sourceKey(post.source) },
      typedSearchAttributes: [
        { key: SOURCE_CHANNEL, value: sourceKey(post.source) },
        { key: POST_STATUS, value: 'received' },
      ],
      staticSummary: `Post ${post.messageId} from ${post.source}`,
    });
    return { workflowId, started: true, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
