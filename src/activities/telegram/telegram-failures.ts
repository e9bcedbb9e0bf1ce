/**
 * The one place where Telegram's errors become Temporal failures. A 429 is retried after
 * exactly `retry_after` seconds (never earlier); 5xx and network trouble with capped
 * exponential backoff and jitter; 400/401/403 (chat not found, bot removed, can't parse
 * entities) are not retried. Error text never contains the bot token.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { GrammyError, HttpError } from 'grammy';
import { TELEGRAM_FAILURE } from '../../common/failure-types';
import { backoffDelayMs, type BackoffPolicy } from '../backoff';

/** Removes anything that looks like a bot token (`123456:ABC...`) from text. */
export function redactToken(text: string): string {
  return text.replace(/\d{3,}:[A-Za-z0-9_-]{20,}/g, '<token>');
}

/** The seconds a 429 asks to wait, or undefined for any other error. */
export function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof GrammyError) || err.error_code !== 429) return undefined;
  return Math.max(1, err.parameters.retry_after ?? 1);
}

/**
 * True when Telegram answered with a refusal, so the request did nothing: a 4xx. A 5xx is not
 * one — a gateway may fail after the server behind it carried the request out.
 */
export function isDefiniteRefusal(err: unknown): err is GrammyError {
  return err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500;
}

/** The error's text for logs and failures, token removed. */
export function describeTelegramError(err: unknown): string {
  if (err instanceof GrammyError) return redactToken(err.description);
  if (err instanceof HttpError) return `network error talking to Telegram: ${redactToken(String(err.error instanceof Error ? err.error.message : err.error))}`;
  return redactToken(err instanceof Error ? err.message : String(err));
}

export function toTelegramFailure(err: unknown, attempt: number, backoff: BackoffPolicy): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof GrammyError) {
    const description = redactToken(err.description);
    if (err.error_code === 429) {
      const seconds = retryAfterOf(err) ?? 1;
      return ApplicationFailure.create({ type: TELEGRAM_FAILURE.rateLimited, message: description, nextRetryDelay: seconds * 1000, details: [{ retryAfter: seconds }] });
    }
    if (err.error_code === 401) return ApplicationFailure.create({ type: TELEGRAM_FAILURE.unauthorized, message: 'Telegram rejected the bot token (401)', nonRetryable: true });
    if (err.error_code === 403) return ApplicationFailure.create({ type: TELEGRAM_FAILURE.forbidden, message: description, nonRetryable: true });
    if (err.error_code >= 400 && err.error_code < 500) return ApplicationFailure.create({ type: TELEGRAM_FAILURE.badRequest, message: description, nonRetryable: true });
    return ApplicationFailure.create({ type: TELEGRAM_FAILURE.serverError, message: description, nextRetryDelay: backoffDelayMs(attempt, backoff) });
  }
  return ApplicationFailure.create({ type: TELEGRAM_FAILURE.network, message: describeTelegramError(err), nextRetryDelay: backoffDelayMs(attempt, backoff) });
}
