/**
 * A subscriber's request for a listing's seller contacts. `sendContactInfo` checks the
 * subscription and sends the DM. The id is per user, post and minute, and a second start of it
 * is refused, so a double tap is one request.
 */
import type { Client } from '@temporalio/client';
import { PRIORITY } from '../common/priorities';
import { contactWorkflowId } from '../common/posts';
import { TASK_QUEUES } from '../common/task-queues';
import { startOnce } from './start-workflow';
import { WORKFLOW_TYPES } from '../common/workflow-types';

/** Starts the contact request; false when the same request (same minute) is already there. */
export async function requestContacts(client: Client, userId: number, postId: number, now = new Date()): Promise<{ workflowId: string; started: boolean }> {
  const { workflowId, started } = await startOnce(client, WORKFLOW_TYPES.sendContactInfo, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId: contactWorkflowId(userId, postId, now),
    args: [{ userId, postId }],
    // A person is waiting for the answer: ahead of everything (common/priorities.ts).
    priority: { priorityKey: PRIORITY.contactRequest },
    staticSummary: `Contacts of post ${postId} for user ${userId}`,
  });
  return { workflowId, started };
}
