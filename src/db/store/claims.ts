/**
 * Duplicate detection that holds under concurrency. The copies of a reposted ad
 * arrive within seconds and their workflows run in any order, so "is there an earlier copy?"
 * cannot be a read followed by a write. Instead each copy tries to insert its fingerprint
 * into `fingerprint_claims`, whose primary key is the fingerprint: the database lets exactly
 * one insert win, and every other copy learns which post holds the claim.
 *
 * A claim is taken over, in the same statement, when its holder ended `not_car` or `failed`
 * (normally released already) or was published longer ago than the dedupe window, so an ad
 * re-posted weeks later is processed again.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { PostNotFoundError } from '../errors';
import type { DatabaseSchema } from '../schema';
import type { Post } from '../../common/post-model';
import { toPost } from './post-rows';
import { daysAgo, dbNow } from './sql-time';

/** Outcome of a claim: this post is the original, or a duplicate of the holder. */
export type ClaimResult = { claimed: true } | { claimed: false; duplicateOf: number };

/** The dedupe operations of the store. */
export interface ClaimStore {
  /**
   * Records the post's fingerprint and claims it. Of any number of concurrent callers with
   * the same fingerprint exactly one gets `claimed: true`; a repeat by the holder (a retried
   * activity) gets `claimed: true` again.
   */
  claimFingerprint(postId: number, fingerprint: string, options: { windowDays: number }): Promise<ClaimResult>;
  /** Gives up the post's claim so a later copy can claim it; false if it held none. */
  releaseFingerprint(postId: number): Promise<boolean>;
  /** The latest post with this fingerprint published within the last `withinDays` days. */
  findPublishedByFingerprint(fingerprint: string, withinDays: number): Promise<Post | undefined>;
}

/**
 * A claim can only vanish between our insert and our read if its holder released it at that
 * moment; a second attempt then wins or finds the new holder. More than a few means a bug.
 */
const MAX_CLAIM_ATTEMPTS = 3;

/** Builds the dedupe operations over `db`. */
export function createClaimStore(db: Kysely<DatabaseSchema>): ClaimStore {
  return {
    async claimFingerprint(postId, fingerprint, { windowDays }) {
      return db.transaction().execute(async (trx) => {
        const post = await trx
          .updateTable('posts')
          .set({ fingerprint, updated_at: dbNow() })
          .where('id', '=', postId)
          .returning('id')
          .executeTakeFirst();
        if (!post) throw new PostNotFoundError(postId);

        for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
          const won = await trx
            .insertInto('fingerprint_claims')
            .values({ fingerprint, post_id: postId })
            .onConflict((oc) =>
              oc
                .column('fingerprint')
                .doUpdateSet({ post_id: postId, claimed_at: dbNow() })
                .where((eb) =>
                  eb.exists(
                    eb
                      .selectFrom('posts as holder')
                      .select(sql.lit(1).as('one'))
                      .whereRef('holder.id', '=', 'fingerprint_claims.post_id')
                      .where((h) =>
                        h.or([
                          h('holder.status', 'in', ['not_car', 'failed']),
                          h.and([h('holder.status', '=', 'published'), h('holder.published_at', '<', daysAgo(windowDays))]),
                        ]),
                      ),
                  ),
                ),
            )
            .returning('post_id')
            .executeTakeFirst();
          if (won) return { claimed: true };

          const holder = await trx
            .selectFrom('fingerprint_claims')
            .select('post_id')
            .where('fingerprint', '=', fingerprint)
            .executeTakeFirst();
          if (holder) return holder.post_id === postId ? { claimed: true } : { claimed: false, duplicateOf: holder.post_id };
        }
        throw new Error(`fingerprint claim for post ${postId} kept changing hands; gave up after ${MAX_CLAIM_ATTEMPTS} attempts`);
      });
    },

    async releaseFingerprint(postId) {
      return (await releaseClaimsOf(db, postId)) > 0;
    },

    async findPublishedByFingerprint(fingerprint, withinDays) {
      const row = await db
        .selectFrom('posts')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .where('status', '=', 'published')
        .where('published_at', '>=', daysAgo(withinDays))
        .orderBy('published_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toPost(row);
    },
  };
}

/** Deletes the claims a post holds; used inside the transaction that ends the post, too. */
export async function releaseClaimsOf(
  executor: Kysely<DatabaseSchema> | Transaction<DatabaseSchema>,
  postId: number,
): Promise<number> {
  const result = await executor.deleteFrom('fingerprint_claims').where('post_id', '=', postId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
