/**
 * Retrying failed posts — Flower's and Bull Board's Retry, done the Temporal way. The post's
 * failed run is reset to its first workflow task, so the workflow runs again under the same id
 * with the same input, and the Web UI shows the new run as a reset of the failed one. That is
 * safe because every step is re-entrant: an AI step whose answer is saved returns it without
 * asking OpenAI again, a published listing is never sent twice, and the database takes the post
 * back from failed. A Reset made in the Web UI, from any point, works the same way.
 *
 * A failed run whose history is gone (past the namespace's retention) can't be reset: the post
 * is then started afresh from what the database kept of it.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { PRIORITY } from '../common/priorities';
import { postWorkflowId, sourceKey, type PriorityKey } from '../common/posts';
import { WORKFLOW_TYPES } from '../common/workflow-types';
import type { Store } from '../db';
import type { Post } from '../common/post-model';
import { PostDatabaseUnavailableError, type PostRef } from './post-lookup';
import { describeIfExists } from './handles';
import { startPostWorkflow } from './start-post';

/** What a retry did: a new run (by reset, or a fresh start after retention), or why nothing. */
export type RetryOutcome =
  | { workflowId: string; retried: true; runId: string; how: 'reset' | 'restarted' }
  | { workflowId: string; retried: false; reason: string };

/** Thrown when the post to retry is known to neither Temporal nor the database. */
export class UnknownPostError extends Error {
  constructor(readonly ref: string) {
    super(`no post ${ref} is known`);
    this.name = 'UnknownPostError';
  }
}

const CLOSED_UNSUCCESSFULLY = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED', 'CANCELLED']);
const EventType = temporal.api.enums.v1.EventType;

/** The id of the run's first WorkflowTaskCompleted event: resetting there runs the whole workflow again. */
async function firstWorkflowTaskCompleted(client: Client, workflowId: string, runId: string): Promise<Long | undefined> {
  const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution: { workflowId, runId }, maximumPageSize: 20 });
  const event = page.history?.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return event?.eventId ? Long.fromValue(event.eventId) : undefined;
}

/**
 * Retries one post (a workflow id or, with a store, a numeric post id), at `priority` (live by
 * default: an operator waits for it; bulk retries pass bulk). A reset keeps the failed run's
 * priority unless told another, so the new run is given it explicitly.
 */
export async function retryPost(client: Client, ref: PostRef, options: { store?: Store; reason?: string; priority?: PriorityKey } = {}): Promise<RetryOutcome> {
  const priority = options.priority ?? PRIORITY.live;
  let workflowId: string;
  let post: Post | undefined;
  if (ref.kind === 'post') {
    if (!options.store) throw new PostDatabaseUnavailableError();
    post = await options.store.getPost(ref.postId);
    if (!post) throw new UnknownPostError(String(ref.postId));
    workflowId = postWorkflowId(post.source, post.messageId);
  } else {
    workflowId = ref.workflowId;
  }

  const latest = await describeIfExists(client, workflowId);
  if (latest) {
    const status = latest.status.name;
    if (status === 'RUNNING') return { workflowId, retried: false, reason: 'it is still running' };
    if (!CLOSED_UNSUCCESSFULLY.has(status)) return { workflowId, retried: false, reason: `its workflow ${status.toLowerCase()}: there is nothing to retry` };
    const eventId = await firstWorkflowTaskCompleted(client, workflowId, latest.runId);
    if (eventId) {
      const { runId } = await client.workflowService.resetWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId, runId: latest.runId },
        workflowTaskFinishEventId: eventId,
        reason: options.reason ?? 'retry of a failed post',
        requestId: randomUUID(),
        // A new priority key; the fairness key (the source channel) stays as it was.
        postResetOperations: [
          { updateWorkflowOptions: { workflowExecutionOptions: { priority: { ...latest.raw.workflowExecutionInfo?.priority, priorityKey: priority } }, updateMask: { paths: ['priority'] } } },
        ],
      });
      return { workflowId, retried: true, runId, how: 'reset' };
    }
  }

  // No history to reset: start the post again from what the database has.
  if (ref.kind === 'workflow') post = await options.store?.getPostBySource(ref.source, ref.messageId);
  if (!post) {
    if (latest) return { workflowId, retried: false, reason: 'its run has no workflow task to reset to, and the database does not have the post' };
    throw new UnknownPostError(workflowId);
  }
  if (post.status !== 'failed') return { workflowId, retried: false, reason: `the post is ${post.status}, not failed` };
  const started = await startPostWorkflow(
    client,
    { source: post.source, messageId: post.messageId, text: post.text, photos: post.photos, ...(post.postedAt ? { date: post.postedAt.toISOString() } : {}) },
    { rerun: true, priority },
  );
  return started.runId ? { workflowId, retried: true, runId: started.runId, how: 'restarted' } : { workflowId, retried: false, reason: 'it was started again by someone else meanwhile' };
}

/** Which failed posts a bulk retry takes. */
export interface FailedPostFilter {
  /** Only posts whose run failed within this many ms. */
  sinceMs?: number;
  /** Only posts from this source channel (`@cars_kz` or a chat id). */
  source?: string;
  /** At most this many (default 1000). */
  limit?: number;
}

/** The visibility query for failed post runs matching `filter`. */
export function failedPostsQuery(filter: FailedPostFilter, now = new Date()): string {
  const parts = [`WorkflowType = '${WORKFLOW_TYPES.processPost}'`, `ExecutionStatus = 'Failed'`];
  if (filter.sinceMs !== undefined) parts.push(`CloseTime >= '${new Date(now.getTime() - filter.sinceMs).toISOString()}'`);
  if (filter.source) parts.push(`SourceChannel = '${sourceKey(filter.source).replace(/'/g, '')}'`);
  return parts.join(' AND ');
}

/**
 * The ids of posts whose latest run failed, newest failure first. A post retried since
 * (its failed run reset) is left out: only its new run counts.
 */
export async function findFailedPosts(client: Client, filter: FailedPostFilter = {}): Promise<string[]> {
  const limit = filter.limit ?? 1000;
  const ids: string[] = [];
  const seen = new Set<string>();
  for await (const execution of client.workflow.list({ query: failedPostsQuery(filter) })) {
    if (seen.has(execution.workflowId)) continue;
    seen.add(execution.workflowId);
    const latest = await describeIfExists(client, execution.workflowId);
    if (latest && latest.runId === execution.runId) ids.push(execution.workflowId);
    if (ids.length >= limit) break;
  }
  return ids;
}

/** The outcome of a bulk retry: each post's retry, in order. */
export interface BulkRetryOutcome {
  matched: number;
  retried: RetryOutcome[];
  skipped: RetryOutcome[];
}

/** Retries each of `workflowIds` (from `findFailedPosts`), a few at a time, at bulk priority. */
export async function retryPosts(client: Client, workflowIds: readonly string[], options: { store?: Store; reason?: string; concurrency?: number } = {}): Promise<BulkRetryOutcome> {
  const outcomes: RetryOutcome[] = new Array(workflowIds.length);
  let next = 0;
  const lane = async () => {
    while (next < workflowIds.length) {
      const i = next++;
      const workflowId = workflowIds[i];
      try {
        outcomes[i] = await retryPost(client, { kind: 'workflow', workflowId, ...splitWorkflowId(workflowId) }, { ...options, priority: PRIORITY.bulk });
      } catch (err) {
        outcomes[i] = { workflowId, retried: false, reason: err instanceof Error ? err.message : String(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, workflowIds.length) }, lane));
  return { matched: workflowIds.length, retried: outcomes.filter((o) => o.retried), skipped: outcomes.filter((o) => !o.retried) };
}

/** `post-cars_kz-1042` → `@cars_kz`, 1042 (the ids `findFailedPosts` returns are well formed). */
function splitWorkflowId(workflowId: string): { source: string; messageId: number } {
  const m = /^post-(.+)-(\d+)$/.exec(workflowId);
  const key = m?.[1] ?? '';
  return { source: /^-?\d+$/.test(key) ? key : `@${key}`, messageId: Number(m?.[2] ?? 0) };
}
