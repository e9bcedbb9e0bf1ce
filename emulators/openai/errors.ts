/**
 * Error bodies exactly as OpenAI sends them (`{ error: { message, type, param, code } }`), so
 * the real client raises the same typed errors (`RateLimitError`, `BadRequestError`, …) it
 * raises against the real API.
 */

/** OpenAI's error envelope. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An error answer: status, body and any headers it carries (a 429 carries `retry-after`). */
export interface OpenAiErrorResponse {
  readonly status: number;
  readonly body: OpenAiErrorBody;
  readonly headers: Record<string, string>;
}

/** A 400 `invalid_request_error`, naming the offending parameter when there is one. */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAiErrorResponse {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param, code } }, headers: {} };
}

/** A 401 for a request without a usable `Authorization: Bearer` key. */
export function unauthorized(headerPresent: boolean): OpenAiErrorResponse {
  const message = headerPresent
    ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
    : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  return {
    status: 401,
    body: { error: { message, type: 'invalid_request_error', param: null, code: headerPresent ? 'invalid_api_key' : null } },
    headers: {},
  };
}

/** A 404 for a path the API does not have. */
export function unknownUrl(method: string, path: string): OpenAiErrorResponse {
  return { status: 404, body: { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null } }, headers: {} };
}

/** A 404 for a model id that does not exist. */
export function modelNotFound(model: string): OpenAiErrorResponse {
  return {
    status: 404,
    body: { error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' } },
    headers: {},
  };
}

/** How many seconds a 429 tells the client to wait. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * The error OpenAI would send with this status; used for injected faults so a test can make
 * the emulator fail the way the real service does (429 rate limit, 500 server error, 503 overload).
 */
export function errorForStatus(status: number): OpenAiErrorResponse {
  const make = (message: string, type: string, code: string | null = null, headers: Record<string, string> = {}): OpenAiErrorResponse => ({
    status,
    body: { error: { message, type, param: null, code } },
    headers,
  });
  switch (status) {
    case 400:
      return make('Invalid request.', 'invalid_request_error');
    case 401:
      return unauthorized(true);
    case 403:
      return make('Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory');
    case 404:
      return make('The requested resource was not found.', 'invalid_request_error');
    case 409:
      return make('The request conflicted with another request.', 'invalid_request_error');
    case 422:
      return make('The request could not be processed.', 'invalid_request_error');
    case 429:
      return make(
        `Rate limit reached for requests. Please try again in ${RETRY_AFTER_SECONDS}s.`,
        'requests',
        'rate_limit_exceeded',
        { 'retry-after': String(RETRY_AFTER_SECONDS), 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${RETRY_AFTER_SECONDS}s` },
      );
    case 502:
      return make('Bad gateway.', 'server_error');
    case 503:
      return make('The engine is currently overloaded, please try again later.', 'server_error');
    case 504:
      return make('Gateway timeout.', 'server_error');
    default:
      return status >= 500
        ? make('The server had an error while processing your request. Sorry about that!', 'server_error')
        : make(`Request failed with status ${status}.`, 'invalid_request_error');
  }
}
