/**
 * The one place where OpenAI's errors become Temporal failures. Rate limits, server errors and
 * network trouble are retried with capped exponential backoff and jitter (Temporal is the only
 * layer that retries: the client's own retries are off); requests OpenAI refuses are not.
 */
import { ApplicationFailure } from '@temporalio/activity';
import OpenAI from 'openai';
import { AI_FAILURE } from '../../common/failure-types';
import { backoffDelayMs, type BackoffPolicy } from '../backoff';

/** How long before the deadline the last attempt starts: room for it to get an answer. */
const LAST_ATTEMPT_MARGIN_MS = 15_000;

function retryAfterMs(err: InstanceType<typeof OpenAI.APIError>): number | undefined {
  const header = err.headers?.get?.('retry-after');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Converts anything an OpenAI call threw into the failure Temporal should see. `untilDeadlineMs`
 * (what is left of the activity's schedule-to-close time) caps the delay, so the last attempt
 * is made just before the budget runs out rather than given up a backoff early.
 */
export function toAiFailure(err: unknown, attempt: number, backoff: BackoffPolicy, untilDeadlineMs = Infinity): ApplicationFailure {
  const delay = (minDelayMs: number) => {
    const wanted = Math.max(minDelayMs, backoffDelayMs(attempt, backoff));
    return untilDeadlineMs - LAST_ATTEMPT_MARGIN_MS > 1_000 ? Math.min(wanted, untilDeadlineMs - LAST_ATTEMPT_MARGIN_MS) : wanted;
  };
  const retry = (type: string, message: string, minDelayMs = 0) =>
    ApplicationFailure.create({ type, message, nextRetryDelay: delay(minDelayMs), cause: err instanceof Error ? err : undefined });
  const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

  if (err instanceof ApplicationFailure) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return retry(AI_FAILURE.timeout, 'OpenAI did not answer in time');
  if (err instanceof OpenAI.APIConnectionError) return retry(AI_FAILURE.connection, `cannot reach OpenAI: ${err.message}`);
  if (err instanceof OpenAI.RateLimitError) return retry(AI_FAILURE.rateLimited, `OpenAI rate limit: ${err.message}`, retryAfterMs(err));
  if (err instanceof OpenAI.BadRequestError) return refuse(AI_FAILURE.badRequest, `OpenAI refused the request: ${err.message}`);
  if (err instanceof OpenAI.AuthenticationError) return refuse(AI_FAILURE.unauthorized, 'OpenAI rejected the API key (401)');
  if (err instanceof OpenAI.PermissionDeniedError) return refuse(AI_FAILURE.forbidden, `OpenAI denied access: ${err.message}`);
  if (err instanceof OpenAI.NotFoundError) return refuse(AI_FAILURE.notFound, `OpenAI: not found (is the model name right?): ${err.message}`);
  if (err instanceof OpenAI.UnprocessableEntityError) return refuse(AI_FAILURE.unprocessable, `OpenAI could not process the request: ${err.message}`);
  if (err instanceof OpenAI.InternalServerError) return retry(AI_FAILURE.serverError, `OpenAI server error: ${err.message}`);
  if (err instanceof OpenAI.APIError) {
    const status = err.status ?? 0;
    if (status >= 400 && status < 500 && status !== 408 && status !== 409) return refuse(AI_FAILURE.badRequest, `OpenAI refused the request: ${err.message}`);
    return retry(AI_FAILURE.serverError, `OpenAI error: ${err.message}`);
  }
  return retry(AI_FAILURE.serverError, err instanceof Error ? err.message : String(err));
}
