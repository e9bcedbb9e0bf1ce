/**
 * One post's state as operators ask for it — by its workflow id or its database id — from the
 * HTTP API, the bot's `/post` and `cars-bot post status`. The database says where the post is;
 * the workflow adds its execution status and live progress (a query while it runs). Seller
 * contacts are personal data and are only counted here, never shown.
 */
import { WorkflowFailedError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { POST_STEPS, postProgressQuery, postWorkflowId, type PostProgress, type ProcessPostResult } from '../common/posts';
import { POST_STATUS } from '../common/search-attributes';
import type { Classification, ExtractedFields, Post, PostStatus, Store } from '../db';
import { WORKFLOW_TYPES } from '../common/workflow-types';
import { describeIfExists, workflowHandle } from './handles';
import { pendingSteps, type PendingStep } from './pending-step';
import { postFailureOf } from './post-failure-info';

/** What names a post: `post-<source>-<message id>` or the numeric id the database gave it. */
export type PostRef = { kind: 'workflow'; workflowId: string; source: string; messageId: number } | { kind: 'post'; postId: number };

/** Thrown for an id that can name no post; the message says what would. */
export class InvalidPostRefError extends Error {
  constructor(readonly given: string) {
    super(`"${given.slice(0, 80)}" is not a post id: expected a numeric post id (42) or a post workflow id (post-cars_kz-1042)`);
    this.name = 'InvalidPostRefError';
  }
}

/** Thrown when a numeric id is asked for where no database is at hand (the embedded one is single-process). */
export class PostDatabaseUnavailableError extends Error {
  constructor() {
    super('a numeric post id needs the database: set DATABASE_URL, or give the workflow id (post-<source>-<message id>)');
    this.name = 'PostDatabaseUnavailableError';
  }
}

/** `post-<source key>-<message id>`, the key as `sourceKey` makes it (a username or a chat id). */
const WORKFLOW_ID = /^post-(-?\d+|[A-Za-z0-9_]+)-(\d{1,15})$/;

/** Reads an id typed by a person; throws `InvalidPostRefError` when it can name no post. */
export function parsePostRef(text: string): PostRef {
  const id = text.trim();
  if (/^\d{1,15}$/.test(id) && Number(id) > 0) return { kind: 'post', postId: Number(id) };
  const m = WORKFLOW_ID.exec(id);
  if (m && Number(m[2]) > 0) {
    const key = m[1];
    // The id holds the source key (`cars_kz` or `-100123`); the database keeps `@cars_kz`.
    const source = /^-?\d+$/.test(key) ? key : `@${key}`;
    return { kind: 'workflow', workflowId: id, source, messageId: Number(m[2]) };
  }
  throw new InvalidPostRefError(id);
}

/** The extracted fields without the seller's contacts, which only subscribers get (by DM). */
export type PublicFields = Omit<ExtractedFields, 'contacts'> & { contactCount: number };

/** Hides contacts: the count tells an operator whether the AI found any. */
export function publicFields(fields: ExtractedFields): PublicFields {
  const { contacts, ...rest } = fields;
  return { ...rest, contactCount: contacts.length };
}

/** Where one post is: its pipeline status, the workflow behind it, and what the pipeline found. */
export interface PostReport {
  workflowId: string;
  /** The database id, once the workflow has stored the post. */
  postId: number | null;
  source: string;
  messageId: number;
  /** The post's pipeline status (received … published, failed). */
  status: PostStatus;
  /** The workflow's execution (RUNNING, COMPLETED, FAILED, …); null once past retention. */
  workflow: { status: string; runId: string; startTime: string; closeTime: string | null } | null;
  /** When a post submitted with a delay begins (ISO time), while it waits for it; null otherwise. */
  scheduledFor: string | null;
  /** Step and percentage: live while the workflow runs, `done` once it has finished. */
  progress: PostProgress | null;
  /** A step that is being retried: attempt, last error, next attempt (empty unless one is). */
  retrying: PendingStep[];
  /** What intake or publishing changed about the post (e.g. an album cut to 10 photos). */
  notes: string[];
  /** The step a failed post failed at. */
  failedStep: string | null;
  classification: Classification | null;
  fields: PublicFields | null;
  description: string | null;
  published: { chatId: string; messageIds: number[]; at: string | null } | null;
  duplicateOf: number | null;
  error: string | null;
  receivedAt: string | null;
  updatedAt: string | null;
}

/** Bounds on a lookup, so a missing worker can't hold up whoever asked. */
export interface LookupOptions {
  /** How long a progress query may wait for a worker (default 3 s); past it, progress is null. */
  queryTimeoutMs?: number;
}

interface WorkflowState {
  progress: PostProgress | null;
  scheduledFor?: string;
  retrying?: PendingStep[];
  result?: ProcessPostResult;
  failure?: string;
}

/** Progress of a running workflow by query (bounded), or what its result says once closed. */
async function workflowState(client: Client, execution: WorkflowExecutionDescription, queryTimeoutMs: number): Promise<WorkflowState> {
  const handle = workflowHandle(client, WORKFLOW_TYPES.processPost, execution.workflowId, execution.runId);
  const status = execution.status.name;
  if (status === 'RUNNING' && execution.executionTime && execution.executionTime.getTime() > Date.now()) {
    // Submitted with a delay and not begun: no task has run, so there is nothing to ask yet.
    return { progress: null, scheduledFor: execution.executionTime.toISOString(), retrying: [] };
  }
  if (status === 'RUNNING') {
    // A query needs a worker; without one it would wait, so it gets a deadline and may come back empty.
    const progress = await client.withDeadline(Date.now() + queryTimeoutMs, () => handle.query(postProgressQuery)).catch(() => null);
    return { progress, retrying: await pendingSteps(client, execution) };
  }
  if (status === 'COMPLETED') {
    const result = await handle.result();
    const steps = POST_STEPS.length - 1;
    return { progress: { step: 'done', stepsDone: steps, totalSteps: steps, percent: 100, status: result.status }, result };
  }
  const failure = await handle.result().then(
    () => undefined,
    (err: unknown) => {
      const post = postFailureOf(err);
      if (post) return `${post.type}: ${post.reason ?? post.message}`;
      return err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : err instanceof Error ? err.message : String(err);
    },
  );
  return { progress: null, failure: failure ?? status };
}

function fromPost(
  post: Post,
): Pick<PostReport, 'postId' | 'status' | 'classification' | 'fields' | 'description' | 'published' | 'duplicateOf' | 'error' | 'receivedAt' | 'updatedAt' | 'notes' | 'failedStep'> {
  return {
    notes: post.notes,
    failedStep: post.failedStep,
    postId: post.id,
    status: post.status,
    classification: post.classification,
    fields: post.classification?.isCarAd ? publicFields(post.extracted) : null,
    description: post.description,
    published: post.published ? { chatId: post.published.chatId, messageIds: post.published.messageIds, at: post.published.at?.toISOString() ?? null } : null,
    duplicateOf: post.duplicateOf,
    error: post.error,
    receivedAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
  };
}

function fromResult(result: ProcessPostResult | undefined, execution: WorkflowExecutionDescription | undefined): Pick<PostReport, 'postId' | 'status' | 'classification' | 'fields' | 'description' | 'duplicateOf' | 'error'> {
  const attribute = execution?.typedSearchAttributes.get(POST_STATUS) as PostStatus | undefined;
  return {
    postId: result?.postId ?? null,
    status: result?.status ?? attribute ?? 'received',
    classification: result?.classification ?? null,
    fields: result?.extracted ? publicFields(result.extracted) : null,
    description: result?.description ?? null,
    duplicateOf: result?.duplicateOf ?? null,
    error: result?.error ?? null,
  };
}

/**
 * The post named by `ref`, or undefined when neither the database nor Temporal knows it. Without
 * a store (a CLI next to an embedded database) only workflow ids can be looked up.
 */
export async function lookupPost(client: Client, store: Store | undefined, ref: PostRef, options: LookupOptions = {}): Promise<PostReport | undefined> {
  let post: Post | undefined;
  let workflowId: string;
  let source: string;
  let messageId: number;
  if (ref.kind === 'post') {
    if (!store) throw new PostDatabaseUnavailableError();
    post = await store.getPost(ref.postId);
    if (!post) return undefined;
    ({ source, messageId } = post);
    workflowId = postWorkflowId(source, messageId);
  } else {
    ({ workflowId, source, messageId } = ref);
    post = await store?.getPostBySource(source, messageId);
  }

  const execution = await describeIfExists(client, workflowId);
  if (!post && !execution) return undefined;
  const state: WorkflowState = execution ? await workflowState(client, execution, options.queryTimeoutMs ?? 3_000) : { progress: null };
  const known = post ? fromPost(post) : { ...fromResult(state.result, execution), published: null, receivedAt: null, updatedAt: null, notes: [], failedStep: null };
  return {
    workflowId,
    source: post?.source ?? source,
    messageId,
    ...known,
    error: known.error ?? state.failure ?? null,
    workflow: execution
      ? { status: execution.status.name, runId: execution.runId, startTime: execution.startTime.toISOString(), closeTime: execution.closeTime?.toISOString() ?? null }
      : null,
    scheduledFor: state.scheduledFor ?? null,
    progress: state.progress,
    retrying: state.retrying ?? [],
  };
}
