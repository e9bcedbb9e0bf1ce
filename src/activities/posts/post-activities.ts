/**
 * Quick database steps of the post pipeline, on the workflow queue. Each is idempotent: a
 * retry after a crash, a run reset from the Web UI or an operator's retry finds the row as the
 * first attempt left it and does nothing twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { contentFingerprint, EMPTY_FINGERPRINT, type Store } from '../../db';
import { type Classification, type Post, type PostPatch } from '../../common/post-model';
import { type PostStatus } from '../../common/post-status';
import type { PostInput } from '../../common/posts';
import { ALBUM_PHOTO_LIMIT } from '../../common/post-input';
import { DB_FAILURE } from '../../common/failure-types';
import { storeCall } from './step-failures';
import { quietHoursHold, type QuietHours, type QuietHoursHold } from '../../common/quiet-hours';

export interface PostActivityDeps {
  store: Pick<Store, 'claimFingerprint' | 'getPost' | 'recordEvent' | 'transitionPost' | 'updatePost' | 'upsertPost'>;
  /** A repost of an ad published within this many days is a duplicate. */
  dedupeWindowDays: number;
  /** Our channel's quiet hours (PUBLISH_QUIET_HOURS); none when unset. */
  quietHours?: QuietHours;
  /** The zone the quiet hours are read in (SCHEDULE_TIMEZONE); UTC when unset. */
  timeZone?: string;
}

/** What intake found: go on with the pipeline, a duplicate of another post, or a post already finished. */
export type IntakeResult =
  | { postId: number; outcome: 'process' }
  | { postId: number; outcome: 'duplicate'; duplicateOf: number }
  | { postId: number; outcome: 'finished'; status: PostStatus; classification?: Classification; publishedMessageIds?: number[] };

/** Where a failed post failed and why, for its record and the event log. */
export interface PostFailureRecord {
  step: string;
  error: string;
}

/** Notes a person reading the post's record should see about what intake changed. */
function intakeNotes(post: PostInput): string[] {
  const photos = post.photos?.length ?? 0;
  return photos > ALBUM_PHOTO_LIMIT ? [`${photos} photos received; the listing shows the first ${ALBUM_PHOTO_LIMIT} (Telegram's album limit)`] : [];
}

export function createPostActivities({ store, dedupeWindowDays, quietHours, timeZone = 'UTC' }: PostActivityDeps) {
  async function loadPost(postId: number): Promise<Post> {
    const post = await store.getPost(postId);
    if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
    return post;
  }


  return {
    /**
     * Intake in one step: stores the post once per (source, message id) and claims its content
     * fingerprint, so of several copies of one ad exactly one goes on; the others are marked
     * duplicate here. A post that already finished (a re-run) is reported as it ended.
     */
    async intakePost(post: PostInput): Promise<IntakeResult> {
      const { post: row } = await storeCall(() =>
        store.upsertPost({ source: post.source, messageId: post.messageId, text: post.text, photos: post.photos ?? [], postedAt: post.date ? new Date(post.date) : null, notes: intakeNotes(post) }),
      );
      const postId = row.id;
      if (row.status === 'published' || row.status === 'not_car') {
        return { postId, outcome: 'finished', status: row.status, classification: row.classification ?? undefined, publishedMessageIds: row.published?.messageIds };
      }
      if (row.status === 'duplicate') return { postId, outcome: 'duplicate', duplicateOf: row.duplicateOf ?? 0 };

      const fingerprint = row.fingerprint ?? contentFingerprint(row.text);
      // Posts with nothing to compare (empty, emoji only) are never duplicates of each other.
      const claim = fingerprint === EMPTY_FINGERPRINT ? { claimed: true as const } : await storeCall(() => store.claimFingerprint(postId, fingerprint, { windowDays: dedupeWindowDays }));
      if (claim.claimed) return { postId, outcome: 'process' };
      await storeCall(() => store.transitionPost(postId, 'duplicate', { duplicateOf: claim.duplicateOf }, { type: 'post.duplicate', payload: { duplicateOf: claim.duplicateOf } }));
      return { postId, outcome: 'duplicate', duplicateOf: claim.duplicateOf };
    },

    /** Marks the post failed with the step and reason, and logs the event, in one transaction. */
    async failPost(postId: number, { step, error }: PostFailureRecord): Promise<void> {
      const post = await loadPost(postId);
      // A post that ended meanwhile (published by an earlier attempt) keeps its outcome.
      if (post.status === 'published' || post.status === 'duplicate' || post.status === 'not_car') return;
      await storeCall(() => store.transitionPost(postId, 'failed', { error, failedStep: step }, { type: 'post.failed', payload: { step, error } }));
    },

    /**
     * Whether a listing ready at `readyAtMs` (the workflow's time) must wait for the end of the
     * channel's quiet hours, and until when: the worker's settings decide, and the answer is
     * recorded in the workflow's history (a local activity), so a replay or a restart holds the
     * listing exactly as the first run did.
     */
    async quietHoursHold(readyAtMs: number): Promise<QuietHoursHold | null> {
      return quietHours ? (quietHoursHold(quietHours, readyAtMs, timeZone) ?? null) : null;
    },

    /** Records a step's results without moving the post. */
    async savePostResults(postId: number, patch: PostPatch): Promise<void> {
      await storeCall(() => store.updatePost(postId, patch));
    },

    /** Appends to the event log (exported to the Events sheet). */
    async recordEvent(event: { type: string; postId?: number; userId?: number; payload?: Record<string, unknown> }): Promise<void> {
      await store.recordEvent({ type: event.type, postId: event.postId ?? null, userId: event.userId ?? null, payload: event.payload ?? {} });
    },
  };
}

export type PostActivities = ReturnType<typeof createPostActivities>;
