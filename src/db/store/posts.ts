/**
 * Posts: intake stores them idempotently by where they came from, and the pipeline fills them
 * in step by step while moving them only forward along the table of `post-status`.
 */
import type { Kysely } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import { IllegalTransitionError, PostNotFoundError } from '../errors';
import { isAllowedTransition, type PostStatus } from '../post-status';
import type { DatabaseSchema } from '../schema';
import { releaseClaimsOf } from './claims';
import type { AiUsage, NewPost, Post, PostPatch } from './post-model';
import { patchColumns, toPost } from './post-rows';
import { dbNow } from './sql-time';

/** The post operations of the store. */
export interface PostStore {
  /**
   * Stores a post once per (source, message id), however many times and however
   * concurrently intake delivers it; a repeat returns the stored post unchanged.
   */
  upsertPost(input: NewPost): Promise<{ post: Post; created: boolean }>;
  getPost(id: number): Promise<Post | undefined>;
  getPostBySource(source: string, messageId: number): Promise<Post | undefined>;
  /** Records results of a step without moving the post; throws `PostNotFoundError`. */
  updatePost(id: number, patch: PostPatch): Promise<Post>;
  /**
   * Moves a post to `to` and applies `patch`, atomically. Moving to the status it already has
   * is a no-op that returns the post as stored, so a retried activity is harmless; a move the
   * table doesn't allow throws `IllegalTransitionError`. Ending in `not_car` or `failed`
   * releases the post's fingerprint claim, so a later copy of the ad can be processed.
   */
  transitionPost(id: number, to: PostStatus, patch?: PostPatch): Promise<Post>;
  /** Adds AI spend to a post (every attempt costs, so retries count too); returns the totals. */
  addAiUsage(id: number, usage: AiUsage): Promise<AiUsage>;
}

/** Builds the post operations over `db`. */
export function createPostStore(db: Kysely<DatabaseSchema>): PostStore {
  const findById = (executor: Kysely<DatabaseSchema>, id: number) =>
    executor.selectFrom('posts').selectAll().where('id', '=', id);

  return {
    async upsertPost(input) {
      const source = normaliseChatRef(input.source);
      const inserted = await db
        .insertInto('posts')
        .values({
          source,
          message_id: input.messageId,
          text: input.text,
          photos: JSON.stringify(input.photos ?? []),
          posted_at: input.postedAt ?? null,
        })
        .onConflict((oc) => oc.columns(['source', 'message_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { post: toPost(inserted), created: true };
      // The conflicting insert has committed (ON CONFLICT waits for it), so the row is there.
      const existing = await db
        .selectFrom('posts')
        .selectAll()
        .where('source', '=', source)
        .where('message_id', '=', input.messageId)
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
        .executeTakeFirst();
      return row && toPost(row);
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

    async transitionPost(id, to, patch = {}) {
      return db.transaction().execute(async (trx) => {
        const current = await findById(trx, id).forUpdate().executeTakeFirst();
        if (!current) throw new PostNotFoundError(id);
        if (current.status === to) return toPost(current);
        if (!isAllowedTransition(current.status, to)) throw new IllegalTransitionError(id, current.status, to);

        const row = await trx
          .updateTable('posts')
          .set({
            ...patchColumns(patch),
            status: to,
            updated_at: dbNow(),
            ...(to === 'published' ? { published_at: dbNow() } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (to === 'not_car' || to === 'failed') await releaseClaimsOf(trx, id);
        return toPost(row);
      });
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
  };
}
