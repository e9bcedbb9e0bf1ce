/**
 * Bulk intake: submit many posts, then wait until every one of their workflows has closed.
 * Used by `npm start -- --ingest FILE --until-idle` and `post submit --file`.
 */
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { PRIORITY } from '../common/priorities';
import type { PostInput, PriorityKey, ProcessPostResult } from '../common/posts';
import { WORKFLOW_TYPES } from '../common/workflow-types';
import { workflowHandle } from './handles';
import { postFailureOf } from './post-failure-info';
import { startPostWorkflow } from './start-post';

export interface IngestItem {
  /** Line of the input file, for the report. */
  line: number;
  post: PostInput;
}

export interface SubmittedPost extends IngestItem {
  workflowId: string;
  /** False when the post's workflow already existed. */
  started: boolean;
  /** When its processing begins, for a start put off. */
  scheduledFor?: string;
}

export interface IngestOutcome extends SubmittedPost {
  /** The workflow's result; for a post whose workflow ended Failed, its status `failed` and the reason. */
  result?: ProcessPostResult;
  /** Why a failed post failed: `PostFailed`, `PublishFailed`, `PostExpired`, `PostStorageRefused`. */
  failureType?: string;
  /** Why the workflow itself failed or could not be started. */
  error?: string;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the output. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * Starts a workflow per post (idempotently); a post that can't be started is reported, not fatal.
 * At bulk priority unless told otherwise: a file of posts waits behind live ones.
 */
export async function submitPosts(
  client: Client,
  items: IngestItem[],
  options: { concurrency?: number; priority?: PriorityKey; startDelayMs?: number; onSubmitted?: (done: number) => void } = {},
): Promise<IngestOutcome[]> {
  let done = 0;
  return mapLimited(items, options.concurrency ?? 8, async (item) => {
    try {
      const started = await startPostWorkflow(client, item.post, { priority: options.priority ?? PRIORITY.bulk, startDelayMs: options.startDelayMs });
      if (started.scheduledFor) return { ...item, workflowId: started.workflowId, started: started.started, scheduledFor: started.scheduledFor };
      return { ...item, workflowId: started.workflowId, started: started.started };
    } catch (err) {
      return { ...item, workflowId: '', started: false, error: `could not start: ${(err as Error).message}` };
    } finally {
      options.onSubmitted?.(++done);
    }
  });
}

/** Waits for each submitted post's workflow to close and collects its result. */
export async function waitForPosts(
  client: Client,
  submitted: IngestOutcome[],
  options: { onClosed?: (outcome: IngestOutcome, done: number) => void } = {},
): Promise<IngestOutcome[]> {
  let done = 0;
  return Promise.all(
    submitted.map(async (item) => {
      let outcome: IngestOutcome = item;
      if (!item.error) {
        try {
          outcome = { ...item, result: await workflowHandle(client, WORKFLOW_TYPES.processPost, item.workflowId).result() };
        } catch (err) {
          const failed = postFailureOf(err);
          if (failed) outcome = { ...item, result: { postId: failed.postId ?? 0, status: 'failed', error: failed.reason ?? failed.message }, failureType: failed.type };
          else outcome = { ...item, error: err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : (err as Error).message };
        }
      }
      options.onClosed?.(outcome, ++done);
      return outcome;
    }),
  );
}
