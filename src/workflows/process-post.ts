import {
  ActivityFailure,
  ApplicationFailure,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { AiActivities } from '../activities/ai/ai-activities';
import type { PostActivities } from '../activities/posts/post-activities';
import { POST_STATUS, SOURCE_CHANNEL, CAR_MAKE, searchableCarMake } from '../common/search-attributes';
import { POST_STEPS, postProgressQuery, publishWorkflowId, sourceKey, type PostProgress, type PostStep, type ProcessPostInput, type ProcessPostResult } from '../common/posts';
import type { PostStatus } from '../db/post-status';
import { TASK_QUEUES } from '../common/task-queues';
import { aiActivity, databaseActivity } from './activity-options';
import { publishPost } from './publish-post';

/** Patch marker: posts continue from `ready` to the channel. */
const PUBLISH_AFTER_READY = 'publish-after-ready';

const db = proxyActivities<PostActivities>(databaseActivity);
const ai = proxyActivities<AiActivities>(aiActivity);

/** Bad input can't get better by retrying: fail the workflow at once with a readable reason. */
function checkInput(input: ProcessPostInput | undefined): void {
  const post = input?.post;
  const problems: string[] = [];
  if (!post || typeof post !== 'object') problems.push('post: missing');
  else {
    if (typeof post.source !== 'string' || post.source.trim() === '') problems.push('post.source: expected a channel @username or chat id');
    if (!Number.isInteger(post.messageId) || post.messageId <= 0) problems.push('post.messageId: expected a positive whole number');
    if (typeof post.text !== 'string') problems.push('post.text: expected a string');
  }
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`invalid processPost input: ${problems.join('; ')}`, 'InvalidPostInput');
}

/** The failure's own message, down to the activity error that caused it. */
function failureReason(err: ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause?.message ?? err.message;
}

/**
 * One post through the pipeline: store → dedupe → classify → extract → describe → publish.
 * Each step is an activity (publishing a child workflow) whose result is in the history, so a
 * crash resumes after the last finished step and no OpenAI call is paid for twice. The post
 * ends duplicate, not_car, published or failed.
 */
export async function processPost(input: ProcessPostInput): Promise<ProcessPostResult> {
  checkInput(input);
  const { post } = input;
  const progress: PostProgress = { step: 'store', stepsDone: 0, totalSteps: POST_STEPS.length - 1, percent: 0, status: 'received' };
  setHandler(postProgressQuery, () => progress);

  const enter = (step: PostStep) => {
    progress.step = step;
    const index = POST_STEPS.indexOf(step as (typeof POST_STEPS)[number]);
    progress.stepsDone = step === 'done' ? progress.totalSteps : index;
    progress.percent = Math.round((progress.stepsDone / progress.totalSteps) * 100);
  };
  const setStatus = (status: PostStatus) => {
    progress.status = status;
    upsertSearchAttributes([{ key: POST_STATUS, value: status }]);
  };
  upsertSearchAttributes([
    { key: SOURCE_CHANNEL, value: sourceKey(post.source) },
    { key: POST_STATUS, value: 'received' },
  ]);

  const stored = await db.storePost(post);
  const postId = stored.postId;
  const finish = (result: Omit<ProcessPostResult, 'postId'>): ProcessPostResult => {
    enter('done');
    setStatus(result.status);
    return { postId, ...result };
  };

  enter('dedupe');
  const claim = await db.claimPostFingerprint(postId);
  if (!claim.claimed) {
    await db.markPost(postId, 'duplicate', { duplicateOf: claim.duplicateOf });
    await db.recordEvent({ type: 'post.duplicate', postId, payload: { duplicateOf: claim.duplicateOf } });
    return finish({ status: 'duplicate', duplicateOf: claim.duplicateOf });
  }

  try {
    enter('classify');
    const { classification, accepted } = await ai.classifyPost(postId);
    if (!accepted) {
      await db.markPost(postId, 'not_car', { classification });
      return finish({ status: 'not_car', classification });
    }
    await db.markPost(postId, 'extracting', { classification });
    setStatus('extracting');

    enter('extract');
    const extracted = await ai.extractPostFields(postId);
    await db.savePostResults(postId, { extracted });
    const make = searchableCarMake(extracted.make);
    if (make) upsertSearchAttributes([{ key: CAR_MAKE, value: make }]);

    enter('describe');
    const description = await ai.describePost(postId);
    await db.markPost(postId, 'ready', { description });
    await db.recordEvent({ type: 'post.ready', postId, payload: { make: extracted.make, model: extracted.model } });
    // Posts that reached `ready` before publishing existed ended there; their histories replay unchanged.
    if (!patched(PUBLISH_AFTER_READY)) return finish({ status: 'ready', classification, extracted, description });

    enter('publish');
    setStatus('publishing');
    const published = await executeChild(publishPost, {
      workflowId: publishWorkflowId(postId),
      args: [{ postId }],
      taskQueue: TASK_QUEUES.workflows,
      // A failed publication may be run again by an admin; a successful one never.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return finish({ status: published.status, classification, extracted, description, publishedMessageIds: published.messageIds, error: published.error });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const error = failureReason(err);
    await db.markPost(postId, 'failed', { error });
    await db.recordEvent({ type: 'post.failed', postId, payload: { error } });
    return finish({ status: 'failed', error });
  }
}
