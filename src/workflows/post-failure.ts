/**
 * How a post's failure reads: the activity or child failure that ended a step becomes the
 * workflow's own non-retryable failure, with a type that says why (`common/failure-types`) and
 * a message a person can act on. Workflow-safe.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { DB_FAILURE, POST_FAILURE, type PostFailureType } from '../common/failure-types';
import type { PostStep } from '../common/posts';
import { failureReason, failureType } from './failure-reason';

/**
 * True when an activity ran out of its schedule-to-close time: its budget, not its attempts,
 * ended it. The server says so either way it happens: a timeout while an attempt runs, or a
 * retry that would start past the deadline (the last error, with retry state TIMEOUT).
 */
export function isOutOfTime(err: unknown): boolean {
  if (!(err instanceof ActivityFailure)) return false;
  if (err.cause instanceof TimeoutFailure) return err.cause.timeoutType === 'SCHEDULE_TO_CLOSE';
  return err.retryState === 'TIMEOUT';
}

/** What a failed step makes of the post: the type of its failure and the reason to store. */
export interface PostFailure {
  type: PostFailureType;
  /** Stored on the post and shown by `post status`: the cause in its own words. */
  reason: string;
}

/** Classifies the error that ended `step` (the AI stage's hour is `aiBudgetText`, e.g. "1 h"). */
export function describePostFailure(err: unknown, step: PostStep, aiBudgetText: string): PostFailure {
  if (failureType(err) === DB_FAILURE.dataRefused) return { type: POST_FAILURE.storageRefused, reason: failureReason(err) };
  if (step === 'publish') return { type: POST_FAILURE.publishFailed, reason: failureReason(err) };
  if (isOutOfTime(err)) {
    return { type: POST_FAILURE.expired, reason: `expired after ${aiBudgetText}: the AI steps could not finish within ${aiBudgetText} (last error: ${failureReason(err)})` };
  }
  return { type: POST_FAILURE.failed, reason: failureReason(err) };
}

/** The workflow's own failure: what went wrong, where, and how to go on once it is fixed. */
export function postFailed(failure: PostFailure, where: { workflowId: string; postId?: number; step: PostStep }): ApplicationFailure {
  const post = where.postId ? `post ${where.postId}` : 'the post';
  return ApplicationFailure.create({
    type: failure.type,
    message: `${post} failed at ${where.step}: ${failure.reason.replace(/[.\s]+$/, "")}. Once the cause is fixed: cars-bot post retry ${where.workflowId}`,
    nonRetryable: true,
    details: [{ postId: where.postId ?? null, step: where.step, reason: failure.reason }],
  });
}
