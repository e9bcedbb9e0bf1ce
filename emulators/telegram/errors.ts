/**
 * Telegram Bot API errors as the real server reports them: an HTTP status plus a JSON body
 * `{"ok":false,"error_code":N,"description":"..."}` (and `parameters.retry_after` on 429), so
 * that grammY turns them into the same `GrammyError`s it raises in production.
 */

/** Body of a failed Bot API call, exactly as Telegram sends it. */
export interface TelegramErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A Bot API failure; thrown by method handlers and rendered once by the server. */
export class TelegramApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'TelegramApiError';
  }

  /** The JSON body Telegram would answer with. */
  toBody(): TelegramErrorBody {
    const body: TelegramErrorBody = { ok: false, error_code: this.status, description: this.description };
    if (this.retryAfter !== undefined) body.parameters = { retry_after: this.retryAfter };
    return body;
  }
}

/** 400 with Telegram's `Bad Request: ` prefix, the class of error a client must not retry. */
export function badRequest(detail: string): TelegramApiError {
  return new TelegramApiError(400, `Bad Request: ${detail}`);
}

/** 403 with Telegram's `Forbidden: ` prefix (blocked by the user, not a member of the chat). */
export function forbidden(detail: string): TelegramApiError {
  return new TelegramApiError(403, `Forbidden: ${detail}`);
}

/** 409 with Telegram's `Conflict: ` prefix (webhook active, concurrent getUpdates). */
export function conflict(detail: string): TelegramApiError {
  return new TelegramApiError(409, `Conflict: ${detail}`);
}

/** 429 carrying the honest number of seconds until the request can succeed. */
export function tooManyRequests(retryAfterSeconds: number): TelegramApiError {
  return new TelegramApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, retryAfterSeconds);
}

/** 401 as Telegram answers a malformed or revoked token; the token itself is never echoed. */
export function unauthorized(): TelegramApiError {
  return new TelegramApiError(401, 'Unauthorized');
}

/** 404 as Telegram answers an unknown method name. */
export function methodNotFound(): TelegramApiError {
  return new TelegramApiError(404, 'Not Found');
}

const INJECTED_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: injected fault',
  401: 'Unauthorized',
  403: 'Forbidden: injected fault',
  404: 'Not Found',
  409: 'Conflict: injected fault',
  420: 'Flood: injected fault',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The error an injected fault produces: Telegram's body for that status, so a client sees the
 * same shape as a real failure. An injected 429 asks to retry after 1 second.
 */
export function injectedFault(status: number, retryAfterSeconds = 1): TelegramApiError {
  if (status === 429) return tooManyRequests(retryAfterSeconds);
  return new TelegramApiError(status, INJECTED_DESCRIPTIONS[status] ?? `Error ${status}: injected fault`);
}
