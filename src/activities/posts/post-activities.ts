/**
 * Quick database steps of the post pipeline, on the workflow queue. Each is idempotent: a
 * retry after a crash finds the row as the first attempt left it and does nothing twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { contentFingerprint, EMPTY_FINGERPRINT, IllegalTransitionError, type PostPatch, type PostStatus, type Store } from '../../db';
import type { ClaimResult } from '../../db/store/claims';
import type { PostInput } from '../../common/posts';
import { DB_FAILURE } from '../../common/failure-types';

export interface PostActivityDeps {
  store: Store;
  /** A repost of an ad published within this many days is a duplicate. */
  dedupeWindowDays: number;
}

export interface StoredPost {
  postId: number;
  status: PostStatus;
  /** False when this post was already stored by an earlier delivery. */
  created: boolean;
}

export function createPostActivities({ store, dedupeWindowDays }: PostActivityDeps) {
  return {
    /** Stores the post once per (source, message id). */
    async storePost(post: PostInput): Promise<StoredPost> {
      const { post: row, created } = await store.upsertPost({
        source: post.source,
        messageId: post.messageId,
        text: post.text,
        photos: post.photos ?? [],
        postedAt: post.date ? new Date(post.date) : null,
      });
      return { postId: row.id, status: row.status, created };
    },

    /** Claims the post's content fingerprint: of several copies of one ad, exactly one wins. */
    async claimPostFingerprint(postId: number): Promise<ClaimResult> {
      const post = await store.getPost(postId);
      if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
      const fingerprint = post.fingerprint ?? contentFingerprint(post.text);
      // Posts with nothing to compare (empty, emoji only) are never duplicates of each other.
      if (fingerprint === EMPTY_FINGERPRINT) return { claimed: true };
      return store.claimFingerprint(postId, fingerprint, { windowDays: dedupeWindowDays });
    },

    /** Moves the post to `to` with the step's results; an illegal move is a bug, not worth retrying. */
    async markPost(postId: number, to: PostStatus, patch?: PostPatch): Promise<PostStatus> {
      try {
        return (await store.transitionPost(postId, to, patch)).status;
      } catch (err) {
        if (err instanceof IllegalTransitionError) throw ApplicationFailure.nonRetryable(err.message, DB_FAILURE.illegalTransition);
        throw err;
      }
    },

    /** Moves a ready post to publishing; a post already publishing or published is left as it is. */
    async beginPublication(postId: number): Promise<PostStatus> {
      const post = await store.getPost(postId);
      if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
      if (post.status === 'publishing' || post.status === 'published') return post.status;
      if (post.status !== 'ready') throw ApplicationFailure.nonRetryable(`post ${postId} is ${post.status}, not ready to publish`, DB_FAILURE.illegalTransition);
      return (await store.transitionPost(postId, 'publishing')).status;
    },

    /** Records a step's results without moving the post. */
    async savePostResults(postId: number, patch: PostPatch): Promise<void> {
      await store.updatePost(postId, patch);
    },

    /** Appends to the event log (exported to the Events sheet). */
    async recordEvent(event: { type: string; postId?: number; userId?: number; payload?: Record<string, unknown> }): Promise<void> {
      await store.recordEvent({ type: event.type, postId: event.postId ?? null, userId: event.userId ?? null, payload: event.payload ?? {} });
    },
  };
}

export type PostActivities = ReturnType<typeof createPostActivities>;
