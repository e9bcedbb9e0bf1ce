/**
 * The one place where Google's errors become Temporal failures. Over quota (429
 * RESOURCE_EXHAUSTED), server errors and network trouble are retried with capped exponential
 * backoff and jitter (the client's own retries are off); a bad range, missing access or a wrong
 * spreadsheet id are not, and their message says what to fix. Messages never carry request
 * headers or credentials: only Google's own error text and the spreadsheet id.
 */
import { ApplicationFailure } from '@temporalio/common';
import { SHEETS_FAILURE } from '../../common/failure-types';
import { backoffDelayMs, type BackoffPolicy } from '../backoff';

/**
 * An HTTP error of googleapis' transport (gaxios). Recognised by gaxios' own marker rather than
 * `instanceof`: googleapis and google-auth-library may each bring their own gaxios copy.
 */
interface GoogleHttpError extends Error {
  status?: number;
  response?: { status?: number; data?: unknown };
  error?: Error;
}

const GAXIOS_ERROR = Symbol.for('gaxios-gaxios-error');

function asGoogleError(err: unknown): GoogleHttpError | undefined {
  return err instanceof Error && GAXIOS_ERROR in err ? (err as GoogleHttpError) : undefined;
}

/** Google's per-minute quota refills within a minute: back off from 5 s up to that. */
export const DEFAULT_SHEETS_BACKOFF: BackoffPolicy = { initialMs: 5_000, maxMs: 60_000 };

/** What the message may name: the spreadsheet, and whom to share it with. */
export interface SheetsFailureContext {
  spreadsheetId: string;
  serviceAccountEmail?: string;
  /** The range the call used, for "bad range" messages. */
  range?: string;
}

/** Google's own message of a failed call (`error.message` of the JSON body), if there is one. */
function googleMessage(err: GoogleHttpError): string {
  const body = err.response?.data as { error?: { message?: unknown; status?: unknown } } | undefined;
  const message = typeof body?.error?.message === 'string' ? body.error.message : err.message;
  return message.split('\n')[0].slice(0, 300);
}

function httpStatus(err: GoogleHttpError): number | undefined {
  return err.status ?? err.response?.status;
}

/** A 400 whose range names no sheet: the spreadsheet lacks that tab (ranges are built by us). */
export function isMissingSheetError(err: unknown): boolean {
  const google = asGoogleError(err);
  return google !== undefined && httpStatus(google) === 400 && /Unable to parse range/i.test(googleMessage(google));
}

/** A 400 from adding a tab that exists already (a retried addSheet whose first answer was lost). */
export function isSheetExistsError(err: unknown): boolean {
  const google = asGoogleError(err);
  return google !== undefined && httpStatus(google) === 400 && /already exists/i.test(googleMessage(google));
}

/** Converts anything a Sheets call threw into the failure Temporal should see. */
export function toSheetsFailure(err: unknown, attempt: number, backoff: BackoffPolicy, context: SheetsFailureContext): ApplicationFailure {
  const retry = (type: string, message: string) =>
    ApplicationFailure.create({ type, message, nextRetryDelay: backoffDelayMs(attempt, backoff) });
  const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });
  const spreadsheet = `spreadsheet ${context.spreadsheetId}`;

  if (err instanceof ApplicationFailure) return err;
  const httpError = asGoogleError(err);
  if (!httpError) {
    return retry(SHEETS_FAILURE.connection, `Google Sheets call failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const status = httpStatus(httpError);
  const google = googleMessage(httpError);
  if (status === undefined) {
    const cause = httpError.error?.name;
    const timedOut = cause === 'AbortError' || cause === 'TimeoutError' || /aborted|timed? ?out/i.test(httpError.message);
    return retry(SHEETS_FAILURE.connection, timedOut ? 'Google Sheets did not answer in time' : `cannot reach Google Sheets: ${google}`);
  }
  if (status === 429) return retry(SHEETS_FAILURE.rateLimited, `Google Sheets quota exceeded (429 RESOURCE_EXHAUSTED): ${google}`);
  if (status === 400 && isMissingSheetError(httpError)) {
    const range = context.range ? ` ${context.range}` : '';
    return refuse(SHEETS_FAILURE.badRange, `bad range${range}: ${spreadsheet} has no such sheet, or the range is invalid (${google})`);
  }
  if (status === 400) return refuse(SHEETS_FAILURE.badRequest, `Google Sheets refused the request (400): ${google}`);
  if (status === 401) return refuse(SHEETS_FAILURE.unauthorized, `Google rejected the service account's credentials (401): ${google}`);
  if (status === 403) {
    const share = context.serviceAccountEmail ? `share it with ${context.serviceAccountEmail} (editor)` : 'share it with the service account (editor)';
    return refuse(SHEETS_FAILURE.noAccess, `no access to ${spreadsheet} (403): ${share}, and check that the Sheets API is enabled (${google})`);
  }
  if (status === 404) {
    return refuse(SHEETS_FAILURE.spreadsheetNotFound, `${spreadsheet} was not found (404): check GOOGLE_SHEETS_SPREADSHEET_ID (${google})`);
  }
  if (status === 408 || status === 409 || status >= 500) return retry(SHEETS_FAILURE.serverError, `Google Sheets error ${status}: ${google}`);
  return refuse(SHEETS_FAILURE.badRequest, `Google Sheets refused the request (${status}): ${google}`);
}
