/**
 * The publishing steps, shared by `processPost` (a post's last step) and `publishPost` (an
 * admin's re-publication): move the post to publishing, send the listing once, record it.
 * Workflow code; a refused send surfaces as the activity's failure for the caller to handle.
 */
import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { PublishingActivities } from '../activities/telegram/publish-activities';
import type { PostActivities } from '../activities/posts/post-activities';
import type { PublishPostResult } from '../common/posts';
import { POST_STATUS } from '../common/search-attributes';
import { databaseActivity, publishActivity } from './activity-options';

const db = proxyActivities<PostActivities>(databaseActivity);
const { sendListing } = proxyActivities<PublishingActivities>(publishActivity);

/** Publishes the post's listing (or finds it already published) and marks the post published. */
export async function publishListing(postId: number): Promise<PublishPostResult & { status: 'published' }> {
  await db.beginPublication(postId);
  upsertSearchAttributes([{ key: POST_STATUS, value: 'publishing' }]);
  const sent = await sendListing(postId);
  await db.markPost(postId, 'published', { published: sent }, { type: 'post.published', payload: { chatId: sent.chatId, messageIds: sent.messageIds } });
  upsertSearchAttributes([{ key: POST_STATUS, value: 'published' }]);
  return { status: 'published', chatId: sent.chatId, messageIds: sent.messageIds };
}
