/**
 * Turns everything a request can fail with into the one error shape: our own `ApiError`s as
 * thrown, Fastify's request errors (bad JSON, body too large, wrong media type) with a code of
 * their own, Temporal being unreachable as 503, and anything else as a 500 that names only the
 * request id — the cause goes to the log, never to the caller.
 */
import { ServiceError } from '@temporalio/client';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';
import { errorBody } from './api-error';
import { toApiError } from './domain-errors';

/** Codes for the request errors Fastify raises before a route runs. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const known = toApiError(err);
    if (known) return reply.code(known.statusCode).send(errorBody(known.code, known.message, known.details));
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = FASTIFY_CODES[(err as FastifyError).code] ?? 'bad_request';
      const message = code === 'invalid_json' ? 'the body is not valid JSON' : err.message;
      return reply.code(status).send(errorBody(code, message));
    }
    if (err instanceof ServiceError) {
      log.warn('Temporal call failed', { reqId: request.id, error: err.message });
      return reply.code(503).send(errorBody('temporal_unavailable', `Temporal did not answer; try again later (request ${request.id})`));
    }
    log.error('request failed', { reqId: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    return reply.code(500).send(errorBody('internal_error', `internal error; the server log has the details (request ${request.id})`));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
