import { ActivityFailure, ApplicationFailure, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/telegram/notification-activities';
import type { PublishingActivities } from '../activities/telegram/publish-activities';
import type { PostActivities } from '../activities/posts/post-activities';
import type { PublishPostInput, PublishPostResult } from '../common/posts';
import { POST_STATUS } from '../common/search-attributes';
import { databaseActivity, notifyActivity, publishActivity } from './activity-options';

const db = proxyActivities<PostActivities>(databaseActivity);
const { sendListing } = proxyActivities<PublishingActivities>(publishActivity);
const { notifyAdmins } = proxyActivities<NotificationActivities>(notifyActivity);

function reason(err: ActivityFailure): string {
  const cause = err.cause;
  return cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : (cause?.message ?? err.message);
}

/**
 * Puts a ready post's listing in our channel, once (see `sendListing` for how a retry after an
 * uncertain send avoids a second copy). A send Telegram refuses ends the post failed, with the
 * reason stored and the admins told.
 */
export async function publishPost({ postId }: PublishPostInput): Promise<PublishPostResult> {
  if (!Number.isInteger(postId) || postId <= 0) throw ApplicationFailure.nonRetryable(`invalid publishPost input: postId must be a positive whole number`, 'InvalidPublishInput');
  try {
    await db.beginPublication(postId);
    upsertSearchAttributes([{ key: POST_STATUS, value: 'publishing' }]);
    const sent = await sendListing(postId);
    await db.markPost(postId, 'published', { published: sent });
    upsertSearchAttributes([{ key: POST_STATUS, value: 'published' }]);
    await db.recordEvent({ type: 'post.published', postId, payload: { chatId: sent.chatId, messageIds: sent.messageIds } });
    return { status: 'published', chatId: sent.chatId, messageIds: sent.messageIds };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const error = reason(err);
    await db.markPost(postId, 'failed', { error });
    upsertSearchAttributes([{ key: POST_STATUS, value: 'failed' }]);
    await db.recordEvent({ type: 'post.publish_failed', postId, payload: { error } });
    try {
      await notifyAdmins(`Post ${postId} could not be published: ${error}`);
    } catch (alertErr) {
      if (!(alertErr instanceof ActivityFailure)) throw alertErr; // the post's outcome stands either way
    }
    return { status: 'failed', error };
  }
}
