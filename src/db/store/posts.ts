/**
 * Posts: intake stores them idempotently by where they came from, and the pipeline fills them
 * in step by step while moving them only forward along the table of `post-status`. Every step
 * is safe to repeat — an activity retried after a crash, a run reset from the Web UI, an
 * operator's retry — because a repeated step finds the post where the first attempt left it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import { IllegalTransitionError, PostNotFoundError } from '../errors';
import { EMPTY_FINGERPRINT } from '../fingerprint';
import { hasReached, isAllowedTransition, type PostStatus } from '../../common/post-status';
import type { DatabaseSchema } from '../schema';
import { releaseClaimsOf } from './claims';
import { insertEvent, type NewEvent } from './events';
import type { AiUsage, NewPost, Post, PostPatch } from '../../common/post-model';
import { patchColumns, toPost } from './post-rows';
import { dbNow } from './sql-time';

/** An event recorded in the same transaction as the change it describes. */
export type PostEvent = Omit<NewEvent, 'postId'>;

/** How many failed posts there were lately, and why (the most common reasons first). */
export interface FailureSummary {
  count: number;
  reasons: { reason: string; count: number }[];
}

/** The post operations of the store. */
export interface PostStore {
  /**
   * Stores a post once per (source, message id), however many times and however
   * concurrently intake delivers it; a repeat returns the stored post unchanged.
   */
  upsertPost(input: NewPost): Promise<{ post: Post; created: boolean }>;
  getPost(id: number): Promise<Post | undefined>;
  /** The post's latest revision. */
  getPostBySource(source: string, messageId: number): Promise<Post | undefined>;
  /** Every revision of a source post, oldest first. */
  getPostRevisions(source: string, messageId: number): Promise<Post[]>;
  /** Records results of a step without moving the post; throws `PostNotFoundError`. */
  updatePost(id: number, patch: PostPatch): Promise<Post>;
  /**
   * Moves a post to `to` and applies `patch` (and records `event`), atomically. Moving to the
   * status it already has is a no-op that returns the post as stored, so a retried activity is
   * harmless; a move the table doesn't allow throws `IllegalTransitionError`. Ending in
   * `not_car` releases the post's fingerprint claim, so a later copy of the ad can be processed;
   * a failed post keeps its claim row, which a later copy may take over (see `claims.ts`).
   *
   * Moving a failed post on (a retry) clears its error and takes its claim back. If another
   * copy of the ad took the claim meanwhile, the post ends `duplicate` of it instead: the
   * returned post says so.
   */
  transitionPost(id: number, to: PostStatus, patch?: PostPatch, event?: PostEvent): Promise<Post>;
  /**
   * A pipeline step's move: like `transitionPost`, but a post already in `to` gets the patch
   * without moving (nor a second event), and one that has got further (or has ended) is left as
   * it is and returned unchanged. What a step repeated by a retry or a reset calls.
   */
  advancePost(id: number, to: PostStatus, patch?: PostPatch, event?: PostEvent): Promise<Post>;
  /** Adds AI spend to a post (every attempt costs, so retries count too); returns the totals. */
  addAiUsage(id: number, usage: AiUsage): Promise<AiUsage>;
  /** Failed posts whose failure happened within the last `withinMs`, by reason. */
  failureSummary(withinMs: number): Promise<FailureSummary>;
}

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * A failed post moving on takes its fingerprint claim back: still its own, or free → it goes
 * on; held by another copy that arrived meanwhile → it is that copy's duplicate.
 */
async function reclaim(trx: Executor, post: Post): Promise<{ duplicateOf?: number }> {
  if (!post.fingerprint || post.fingerprint === EMPTY_FINGERPRINT) return {};
  const holder = await trx.selectFrom('fingerprint_claims').select('post_id').where('fingerprint', '=', post.fingerprint).forUpdate().executeTakeFirst();
  if (holder && holder.post_id !== post.id) return { duplicateOf: holder.post_id };
  if (!holder) await trx.insertInto('fingerprint_claims').values({ fingerprint: post.fingerprint, post_id: post.id }).onConflict((oc) => oc.column('fingerprint').doNothing()).execute();
  return {};
}

/** A post's move from one status to another, as the store made it (for metrics). */
export interface PostStatusChange {
  from: PostStatus;
  to: PostStatus;
  /** The step a post moving to failed failed at. */
  failedStep?: string;
}

/** Builds the post operations over `db`; `onStatusChange` hears of every move (inside its transaction). */
export function createPostStore(db: Kysely<DatabaseSchema>, onStatusChange?: (change: PostStatusChange) => void): PostStore {
  const findById = (executor: Executor, id: number) => executor.selectFrom('posts').selectAll().where('id', '=', id);

  async function move(trx: Transaction<DatabaseSchema>, current: Post, to: PostStatus, patch: PostPatch, event: PostEvent | undefined): Promise<Post> {
    const id = current.id;
    if (!isAllowedTransition(current.status, to)) throw new IllegalTransitionError(id, current.status, to);
    let columns = { ...patchColumns(patch), status: to };
    if (current.status === 'failed') {
      const { duplicateOf } = to === 'duplicate' || to === 'not_car' ? {} : await reclaim(trx, current);
      columns = duplicateOf === undefined ? { ...columns, error: null, failed_step: null } : { status: 'duplicate', duplicate_of: duplicateOf, error: null, failed_step: null };
      if (duplicateOf !== undefined) event = { type: 'post.duplicate', payload: { duplicateOf, onRetry: true } };
    }
    const row = await trx
      .updateTable('posts')
      .set({ ...columns, updated_at: dbNow(), ...(columns.status === 'published' ? { published_at: dbNow() } : {}) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (columns.status === 'not_car') await releaseClaimsOf(trx, id);
    if (event) await insertEvent(trx, { ...event, postId: id });
    const moved = toPost(row);
    onStatusChange?.({ from: current.status, to: moved.status, ...(moved.status === 'failed' && { failedStep: row.failed_step ?? undefined }) });
    return moved;
  }

  /** What a step does to the post it finds: move it, save its results where it stands, or leave it. */
  type Decision = { move: PostStatus } | { save: true } | undefined;

  async function moveLocked(id: number, decide: (current: Post) => Decision, patch: PostPatch, event: PostEvent | undefined): Promise<Post> {
    return db.transaction().execute(async (trx) => {
      const row = await findById(trx, id).forUpdate().executeTakeFirst();
      if (!row) throw new PostNotFoundError(id);
      const current = toPost(row);
      const decision = decide(current);
      if (decision === undefined) return current;
      if ('move' in decision) return move(trx, current, decision.move, patch, event);
      const columns = patchColumns(patch);
      if (Object.keys(columns).length === 0) return current;
      return toPost(await trx.updateTable('posts').set({ ...columns, updated_at: dbNow() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
    });
  }

  return {
    async upsertPost(input) {
      const source = normaliseChatRef(input.source);
      const inserted = await db
        .insertInto('posts')
        .values({
          source,
          message_id: input.messageId,
          revision: input.revision ?? 1,
          text: input.text,
          photos: JSON.stringify(input.photos ?? []),
          posted_at: input.postedAt ?? null,
          notes: JSON.stringify(input.notes ?? []),
        })
        .onConflict((oc) => oc.columns(['source', 'message_id', 'revision']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { post: toPost(inserted), created: true };
      // The conflicting insert has committed (ON CONFLICT waits for it), so the row is there.
      const existing = await db
        .selectFrom('posts')
        .selectAll()
        .where('source', '=', source)
        .where('message_id', '=', input.messageId)
        .where('revision', '=', input.revision ?? 1)
        .executeTakeFirstOrThrow();
      return { post: toPost(existing), created: false };
    },

    async getPost(id) {
      const row = await findById(db, id).executeTakeFirst();
      return row && toPost(row);
    },

    async getPostBySource(source, messageId) {
      const row = await db
        .selectFrom('posts')
        .selectAll()
        .where('source', '=', normaliseChatRef(source))
        .where('message_id', '=', messageId)
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toPost(row);
    },

    async getPostRevisions(source, messageId) {
      const rows = await db.selectFrom('posts').selectAll().where('source', '=', normaliseChatRef(source)).where('message_id', '=', messageId).orderBy('revision').execute();
      return rows.map(toPost);
    },

    async updatePost(id, patch) {
      const row = await db
        .updateTable('posts')
        .set({ ...patchColumns(patch), updated_at: dbNow() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new PostNotFoundError(id);
      return toPost(row);
    },

    transitionPost(id, to, patch = {}, event) {
      return moveLocked(id, (current) => (current.status === to ? undefined : { move: to }), patch, event);
    },

    advancePost(id, to, patch = {}, event) {
      return moveLocked(id, (current) => (current.status === to ? { save: true } : hasReached(current.status, to) ? undefined : { move: to }), patch, event);
    },

    async addAiUsage(id, usage) {
      const row = await db
        .updateTable('posts')
        .set((eb) => ({
          ai_calls: eb('ai_calls', '+', usage.calls),
          ai_prompt_tokens: eb('ai_prompt_tokens', '+', usage.promptTokens),
          ai_completion_tokens: eb('ai_completion_tokens', '+', usage.completionTokens),
          updated_at: dbNow(),
        }))
        .where('id', '=', id)
        .returning(['ai_calls', 'ai_prompt_tokens', 'ai_completion_tokens'])
        .executeTakeFirst();
      if (!row) throw new PostNotFoundError(id);
      return { calls: row.ai_calls, promptTokens: row.ai_prompt_tokens, completionTokens: row.ai_completion_tokens };
    },

    async failureSummary(withinMs) {
      // The reason's kind is the failure type before the first colon ("OpenAiBadRequest: …").
      const rows = await sql<{ reason: string; count: string | number }>`
        select coalesce(nullif(split_part(error, ':', 1), ''), 'unknown') as reason, count(*) as count
        from posts
        where status = 'failed' and updated_at >= now() - make_interval(secs => ${withinMs / 1000})
        group by 1 order by 2 desc, 1`.execute(db);
      const reasons = rows.rows.map((r) => ({ reason: r.reason, count: Number(r.count) }));
      return { count: reasons.reduce((n, r) => n + r.count, 0), reasons };
    },
  };
}
