/**
 * The API's one error shape, `{error: {code, message, details}}`: a stable `code` for programs,
 * a `message` for people, and `details` (or null) with what the caller needs to fix it. Messages
 * are written here and in the routes, never copied from a vendor or a stack trace, so no secret
 * or internal detail can reach a response.
 */

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** An error a route throws on purpose; the error handler answers it as it is. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds an error body. */
export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** 404 for a thing the caller named that we don't have. */
export function notFound(what: string, details: unknown = null): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`, details);
}
