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
} as const;
