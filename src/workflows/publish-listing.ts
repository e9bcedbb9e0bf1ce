/**
 * The publishing step, shared by `processPost` (a post's last step) and `publishPost` (an
 * admin's re-publication): one activity moves the post to publishing, sends the listing once and
 * marks it published. Workflow code; a refused send surfaces as the activity's failure for the
 * caller to handle.
 */
import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { PublishingActivities } from '../activities/telegram/publish-activities';
import type { PublishPostResult } from '../common/posts';
import { POST_STATUS } from '../common/search-attributes';
import { publishActivity } from './activity-options';

const { sendListing } = proxyActivities<PublishingActivities>(publishActivity);

/**
 * Publishes the post's listing (or finds it already published); the post is then published.
 * `postStatus: false` leaves the workflow's PostStatus alone: only the post's own workflow
 * carries it, so a visibility query counts each post once.
 */
export async function publishListing(postId: number, { postStatus = true }: { postStatus?: boolean } = {}): Promise<PublishPostResult & { status: 'published' }> {
  if (postStatus) upsertSearchAttributes([{ key: POST_STATUS, value: 'publishing' }]);
  const sent = await sendListing(postId);
  if (postStatus) upsertSearchAttributes([{ key: POST_STATUS, value: 'published' }]);
  return { status: 'published', chatId: sent.chatId, messageIds: sent.messageIds };
}
