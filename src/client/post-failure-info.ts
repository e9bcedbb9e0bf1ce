/**
 * Reading a post workflow's failure on the client side: a Failed `processPost` ends with an
 * application failure whose type says why (`PostFailed`, `PublishFailed`, `PostExpired`,
 * `PostStorageRefused`) and whose details name the post and the step.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { POST_FAILURE } from '../common/failure-types';

/** What a failed post's workflow says about it. */
export interface PostFailureInfo {
  type: string;
  message: string;
  postId: number | null;
  step: string | null;
  reason: string | null;
}

const TYPES: readonly string[] = Object.values(POST_FAILURE);

/** The post failure behind `err` (from `handle.result()`), or undefined for any other error. */
export function postFailureOf(err: unknown): PostFailureInfo | undefined {
  if (!(err instanceof WorkflowFailedError) || !(err.cause instanceof ApplicationFailure)) return undefined;
  const cause = err.cause;
  if (!cause.type || !TYPES.includes(cause.type)) return undefined;
  const details = (cause.details?.[0] ?? {}) as { postId?: unknown; step?: unknown; reason?: unknown };
  return {
    type: cause.type,
    message: cause.message,
    postId: typeof details.postId === 'number' ? details.postId : null,
    step: typeof details.step === 'string' ? details.step : null,
    reason: typeof details.reason === 'string' ? details.reason : null,
  };
}
