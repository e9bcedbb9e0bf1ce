/**
 * Google API errors as googleapis receives them: `{"error":{"code","message","status"}}` with
 * the canonical status names, so the product's error mapping (retry 429/5xx, give up on
 * 400/403/404) is exercised against the real shapes.
 */

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Body of a failed Google API call. */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

/** A Google API failure; thrown by handlers and rendered once by the server. */
export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }

  get status(): string {
    return STATUS_NAMES[this.code] ?? (this.code >= 500 ? 'INTERNAL' : 'UNKNOWN');
  }

  toBody(): GoogleErrorBody {
    return { error: { code: this.code, message: this.message, status: this.status, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** 400 for a range that is not A1 notation or names a sheet that does not exist. */
export function unparsableRange(range: string): GoogleApiError {
  return new GoogleApiError(400, `Unable to parse range: ${range}`);
}

/** 404 for an unknown spreadsheet id. */
export function spreadsheetNotFound(): GoogleApiError {
  return new GoogleApiError(404, 'Requested entity was not found.');
}

/** 403 for a spreadsheet the caller may not open (not shared with the service account). */
export function permissionDenied(): GoogleApiError {
  return new GoogleApiError(403, 'The caller does not have permission');
}

/** 400 for a bad request parameter or body, with Google's wording supplied by the caller. */
export function invalidArgument(message: string): GoogleApiError {
  return new GoogleApiError(400, message);
}

/** The error an injected fault produces, shaped like Google's for that status. */
export function injectedGoogleFault(code: number): GoogleApiError {
  if (code === 429) return quotaExceeded('read');
  const messages: Record<number, string> = {
    400: 'Request contains an invalid argument.',
    401: 'Request had invalid authentication credentials.',
    403: 'The caller does not have permission',
    404: 'Requested entity was not found.',
    500: 'Internal error encountered.',
    502: 'Bad Gateway',
    503: 'The service is currently unavailable.',
    504: 'The request timed out. Please try again.',
  };
  return new GoogleApiError(code, messages[code] ?? `Injected error ${code}`);
}

/** 429 RESOURCE_EXHAUSTED with Google's per-user-per-minute quota message and ErrorInfo. */
export function quotaExceeded(kind: 'read' | 'write'): GoogleApiError {
  const metric = kind === 'read' ? 'Read requests' : 'Write requests';
  const limit = kind === 'read' ? 'Read requests per minute per user' : 'Write requests per minute per user';
  return new GoogleApiError(
    429,
    `Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          service: 'sheets.googleapis.com',
          quota_metric: `sheets.googleapis.com/${kind}_requests`,
          quota_limit: kind === 'read' ? 'ReadRequestsPerMinutePerUser' : 'WriteRequestsPerMinutePerUser',
          consumer: 'projects/000000000000',
        },
      },
    ],
  );
}
