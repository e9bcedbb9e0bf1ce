/**
 * Stable failure types. Activities throw them, retry policies list the ones not worth
 * retrying, and workflows and operators match on them (`temporal workflow list` shows them).
 */

export const AI_FAILURE = {
  rateLimited: 'OpenAiRateLimited',
  serverError: 'OpenAiServerError',
  connection: 'OpenAiConnectionError',
  timeout: 'OpenAiTimeout',
  badRequest: 'OpenAiBadRequest',
  unauthorized: 'OpenAiUnauthorized',
  forbidden: 'OpenAiForbidden',
  notFound: 'OpenAiNotFound',
  unprocessable: 'OpenAiUnprocessable',
  invalidOutput: 'AiOutputInvalid',
} as const;

/** OpenAI failures that retrying can't fix. */
export const NON_RETRYABLE_AI_FAILURES: string[] = [
  AI_FAILURE.badRequest,
  AI_FAILURE.unauthorized,
  AI_FAILURE.forbidden,
  AI_FAILURE.notFound,
  AI_FAILURE.unprocessable,
  AI_FAILURE.invalidOutput,
];

export const DB_FAILURE = {
  postNotFound: 'PostNotFound',
  illegalTransition: 'IllegalPostTransition',
  /** The database refused the data itself (e.g. a NUL character in text): retrying sends the same data. */
  dataRefused: 'DatabaseRefusedData',
  /** A retried post's ad was taken meanwhile by another copy: it is now that copy's duplicate. */
  becameDuplicate: 'PostBecameDuplicate',
} as const;

/**
 * Why a post's workflow ended Failed. Each is the type of the workflow's own failure, so
 * `temporal workflow list --query 'ExecutionStatus="Failed"'` and the Web UI show it, and a
 * person can tell what to fix before retrying.
 */
export const POST_FAILURE = {
  /** An AI step was refused or gave unusable output (the message says which and why). */
  failed: 'PostFailed',
  /** Telegram refused the listing. */
  publishFailed: 'PublishFailed',
  /** The AI steps could not finish within the post's hour (OpenAI down or rate-limited all along). */
  expired: 'PostExpired',
  /** The post could not be stored (the database refused its data). */
  storageRefused: 'PostStorageRefused',
} as const;

export type PostFailureType = (typeof POST_FAILURE)[keyof typeof POST_FAILURE];

export const TELEGRAM_FAILURE = {
  rateLimited: 'TelegramRateLimited',
  serverError: 'TelegramServerError',
  network: 'TelegramNetworkError',
  /** The send may or may not have reached Telegram; the retry checks before sending again. */
  uncertain: 'TelegramSendUncertain',
  /** The channel is held by another listing's send, or its window or flood wait outlasts this attempt's wait. */
  channelBusy: 'ChannelBusy',
  /** An earlier send may have landed and can't be checked (no probe chat, or the probe was refused): a person must look. */
  outcomeUnknown: 'TelegramSendOutcomeUnknown',
  badRequest: 'TelegramBadRequest',
  forbidden: 'TelegramForbidden',
  unauthorized: 'TelegramUnauthorized',
  /** A photo URL of the post (a channel's web preview) could not be downloaded for upload. */
  photoDownload: 'PhotoDownloadFailed',
} as const;

/** Telegram failures that retrying can't fix: chat not found, bot removed, can't parse entities. */
export const NON_RETRYABLE_TELEGRAM_FAILURES: string[] = [TELEGRAM_FAILURE.badRequest, TELEGRAM_FAILURE.forbidden, TELEGRAM_FAILURE.unauthorized, TELEGRAM_FAILURE.outcomeUnknown];

/** Google Sheets failures, converted in one place (`activities/sheets/google-failures.ts`). */
export const SHEETS_FAILURE = {
  rateLimited: 'SheetsRateLimited',
  serverError: 'SheetsServerError',
  connection: 'SheetsConnectionError',
  badRange: 'SheetsBadRange',
  badRequest: 'SheetsBadRequest',
  unauthorized: 'SheetsUnauthorized',
  noAccess: 'SheetsNoAccess',
  spreadsheetNotFound: 'SheetsSpreadsheetNotFound',
  layoutInvalid: 'SheetsLayoutInvalid',
} as const;

/** Sheets failures that retrying can't fix: the spreadsheet, its sharing or its layout must change. */
export const NON_RETRYABLE_SHEETS_FAILURES: string[] = [
  SHEETS_FAILURE.badRange,
  SHEETS_FAILURE.badRequest,
  SHEETS_FAILURE.unauthorized,
  SHEETS_FAILURE.noAccess,
  SHEETS_FAILURE.spreadsheetNotFound,
  SHEETS_FAILURE.layoutInvalid,
];

/** Workflow or activity input that retrying can't fix: the run fails at once, saying what is wrong. */
export const INPUT_FAILURE = {
  post: 'InvalidPostInput',
  publish: 'InvalidPublishInput',
  contact: 'InvalidContactInput',
  /** A channel watcher's input (a channel that is neither an @username nor a chat id). */
  watch: 'InvalidWatchInput',
  /** A monitoring job's input (a bad number of days, a bad time). */
  monitoring: 'InvalidMonitoringInput',
  /** A Sheets job's input (a bad day, a bad batch size). */
  sheetsJob: 'InvalidSheetsJobInput',
  /** A subscription notice with a time that is not one. */
  notice: 'InvalidNoticeInput',
} as const;

/** A monitoring job's input that retrying can't fix (a bad number of days, a bad time). */
export const INVALID_MONITORING_INPUT = INPUT_FAILURE.monitoring;

/** Direct messages to the admins. */
export const NOTIFY_FAILURE = {
  /** Not one admin could be reached: the alert is released for the next check to send. */
  adminsUnreachable: 'AdminsUnreachable',
} as const;
