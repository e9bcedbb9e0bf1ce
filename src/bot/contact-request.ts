/**
 * `/start contact_<post>`: the listing's "Contacts" button opens the bot with this payload. The
 * bot only starts `sendContactInfo`, which checks the subscription and sends the DM. The id is
 * per user, post and minute, and a second start of it is refused, so a double tap is one request.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { PRIORITY } from '../common/priorities';
import { contactWorkflowId, type SendContactInfoInput } from '../common/posts';
import { TASK_QUEUES } from '../common/task-queues';

/** The post id in a `/start` payload such as `contact_42`, or undefined. */
export function contactPayload(payload: string): number | undefined {
  const m = /^contact_(\d{1,15})$/.exec(payload.trim());
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/** Starts the contact request; false when the same request (same minute) is already there. */
export async function requestContacts(client: Client, userId: number, postId: number, now = new Date()): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = contactWorkflowId(userId, postId, now);
  const input: SendContactInfoInput = { userId, postId };
  try {
    await client.workflow.start('sendContactInfo', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // A person is waiting for the answer: ahead of everything (common/priorities.ts).
      priority: { priorityKey: PRIORITY.contactRequest },
      staticSummary: `Contacts of post ${postId} for user ${userId}`,
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
