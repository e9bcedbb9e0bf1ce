/**
 * What an activity's or child's failure says, as workflow code reports it (in a result, an
 * alert, a post's error): the application failure at the bottom, `Type: message`. Workflow-safe.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, TimeoutFailure } from '@temporalio/workflow';
import { POST_FAILURE } from '../common/failure-types';

const POST_FAILURE_TYPES: readonly string[] = Object.values(POST_FAILURE);

/**
 * The failure's own words, down to the activity error that caused it: `OpenAiBadRequest: …`.
 * A child's post failure (`PublishFailed`) already reads that way and is passed on as it is.
 */
export function failureReason(err: unknown): string {
  let cause: unknown = err;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof TimeoutFailure && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return cause.type && POST_FAILURE_TYPES.includes(cause.type) ? cause.message : `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The type of the application failure at the bottom of `err`, if any. */
export function failureType(err: unknown): string | undefined {
  let cause: unknown = err;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

