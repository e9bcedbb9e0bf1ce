import { ActivityFailure, ApplicationFailure, patched, proxyActivities, setWorkflowOptions, upsertSearchAttributes } from '@temporalio/workflow';
import { z } from 'zod';
import type { PostActivities } from '../activities/posts/post-activities';
import { DB_FAILURE, INPUT_FAILURE, POST_FAILURE } from '../common/failure-types';
import type { PublishPostInput, PublishPostResult } from '../common/posts';
import { POST_STATUS } from '../common/search-attributes';
import { databaseActivity } from './activity-options';
import { failureReason, failureType } from './failure-reason';
import { publishListing } from './publish-listing';
import { pinnedWhenVersioned } from './versioning';
import { parseWorkflowInput } from './workflow-input';

const db = proxyActivities<PostActivities>(databaseActivity);

const POST_ID = 'expected a positive whole number';
const publishPostInputSchema = z.object({ postId: z.number({ error: POST_ID }).refine((n) => Number.isInteger(n) && n > 0, POST_ID) }, { error: 'expected { postId }' });

/**
 * Patch marker: a publication no longer sets PostStatus. The attribute belongs to the post's own
 * workflow (processPost); carried here too, `PostStatus="published"` listed a re-published post
 * twice. Publications started before the change keep setting it, so their histories replay.
 */
const NO_POST_STATUS = 'publish-post-without-post-status';

// A publication, like the post it belongs to, finishes on the build it started on.
setWorkflowOptions(pinnedWhenVersioned, publishPost);

/**
 * Puts a ready (or failed, retried) post's listing in our channel, once — an admin's
 * re-publication; `processPost` runs the same steps itself (see `sendListing` for how a retry
 * after an uncertain send avoids a second copy). A send Telegram refuses marks the post failed
 * with the reason and ends this workflow Failed (`PublishFailed`). Run again, it publishes a
 * failed listing and returns a published one's message ids without sending. It sets no
 * PostStatus: find publications by `WorkflowType="publishPost"`, and the post's status by its
 * own workflow or the database.
 */
export async function publishPost(input: PublishPostInput): Promise<PublishPostResult> {
  const { postId } = parseWorkflowInput('publishPost', publishPostInputSchema, input, INPUT_FAILURE.publish);
  const postStatus = !patched(NO_POST_STATUS);
  try {
    return await publishListing(postId, { postStatus });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    if (failureType(err) === DB_FAILURE.becameDuplicate) {
      if (postStatus) upsertSearchAttributes([{ key: POST_STATUS, value: 'duplicate' }]);
      return { status: 'duplicate', duplicateOf: Number((err.cause as ApplicationFailure).details?.[0]) };
    }
    const error = failureReason(err);
    await db.failPost(postId, { step: 'publish', error });
    if (postStatus) upsertSearchAttributes([{ key: POST_STATUS, value: 'failed' }]);
    throw ApplicationFailure.create({ type: POST_FAILURE.publishFailed, message: error, nonRetryable: true, details: [{ postId, step: 'publish', reason: error }] });
  }
}
