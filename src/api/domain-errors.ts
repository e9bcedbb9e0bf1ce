/**
 * The service's own errors as API answers: a name that matches nothing is a 404 listing what
 * would match, a schedule that can't be operated a 409 saying why, a malformed id a 400. Their
 * messages are ours (no secrets), so they are passed on as they are.
 */
import { InvalidPostRefError, PostDatabaseUnavailableError } from '../client/post-lookup';
import { UnknownPostError } from '../client/retry-post';
import { ScheduleUnavailableError, UnknownScheduleError } from '../schedules';
import { ApiError } from './api-error';

/** The API answer for a known error, or undefined for anything else. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  // Job names are checked by their route first (`unknown_job`); any other unknown name is a schedule id.
  if (err instanceof UnknownScheduleError) return new ApiError(404, 'unknown_schedule', err.message, { known: err.known });
  if (err instanceof ScheduleUnavailableError) return new ApiError(409, 'schedule_unavailable', err.message, { scheduleId: err.scheduleId });
  if (err instanceof InvalidPostRefError) return new ApiError(400, 'invalid_id', err.message);
  if (err instanceof UnknownPostError) return new ApiError(404, 'not_found', err.message);
  if (err instanceof PostDatabaseUnavailableError) return new ApiError(503, 'database_unavailable', err.message);
  return undefined;
}
