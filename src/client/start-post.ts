/**
 * Starting a post's workflow, for every intake (bot, HTTP API, CLI). Safe to repeat: the id is
 * derived from the post, and {@link startOnce} refuses a second start of it.
 */
import type { Client } from '@temporalio/client';
import { ChannelVolume } from '../common/fairness';
import { PRIORITY } from '../common/priorities';
import { postWorkflowId, sourceKey, type PostInput, type PriorityKey } from '../common/posts';
import { POST_STATUS, SOURCE_CHANNEL } from '../common/search-attributes';
import { TASK_QUEUES } from '../common/task-queues';
import { startOnce } from './start-workflow';
import { WORKFLOW_TYPES } from '../common/workflow-types';

export interface StartedPost {
  workflowId: string;
  /** False when the post's workflow already existed (running or finished). */
  started: boolean;
  runId?: string;
  /** When the post's processing begins, for a start put off (ISO time). */
  scheduledFor?: string;
}

/** This process's count of posts started per source channel: their fairness weight (common/fairness.ts). */
const volume = new ChannelVolume();

/**
 * Starts the post's workflow unless it exists. `priority` is the row of the priorities table
 * (`common/priorities.ts`) the intake belongs to: live unless said otherwise. `startDelayMs` puts
 * the processing off (Temporal's start delay: nothing runs before it, and the id is taken at
 * once, so a repeat in the meantime finds this one). `rerun` (a retry of
 * a post whose failed run's history is gone) lets a new run start after a closed one that did
 * not complete.
 */
export async function startPostWorkflow(client: Client, post: PostInput, options: { priority?: PriorityKey; rerun?: boolean; startDelayMs?: number } = {}): Promise<StartedPost> {
  const channel = sourceKey(post.source);
  const fairnessWeight = volume.record(channel, Date.now());
  const started = await startOnce(client, WORKFLOW_TYPES.processPost, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId: postWorkflowId(post.source, post.messageId, post.revision),
    args: [{ post }],
    reuse: options.rerun ? 'afterFailure' : 'reject',
    // Fairness per source channel, weighted by its recent volume: a flooding channel gets less than an equal share.
    priority: { priorityKey: options.priority ?? PRIORITY.live, fairnessKey: channel, fairnessWeight },
    typedSearchAttributes: [
      { key: SOURCE_CHANNEL, value: sourceKey(post.source) },
      { key: POST_STATUS, value: 'received' },
    ],
    staticSummary: `Post ${post.messageId} from ${post.source}`,
    ...(options.startDelayMs ? { startDelay: options.startDelayMs } : {}),
  });
  if (!started.started) return { workflowId: started.workflowId, started: false };
  const scheduledFor = options.startDelayMs ? new Date(Date.now() + options.startDelayMs).toISOString() : undefined;
  return { workflowId: started.workflowId, started: true, runId: started.runId, ...(scheduledFor ? { scheduledFor } : {}) };
}
