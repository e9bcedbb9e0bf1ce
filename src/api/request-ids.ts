/**
 * Request ids: taken from the caller's `X-Request-Id` when it is a plain token (so one id follows
 * a request through a proxy), otherwise made up; sent back in the response and put on every log
 * line about the request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';

const SAFE_ID = /^[\w.-]{1,64}$/;
/** Load-balancer probes come every few seconds: logged at debug level only. */
const PROBES = /^\/api\/v1\/(healthz|readyz)$/;

/** Fastify's `genReqId`: a caller's id only if it can't break a log line. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** One log line per request (method, path without the query, status, time, id) and the id header on the answer. */
export function installRequestLogging(app: FastifyInstance, log: Logger): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.routeOptions.config.logRoutePattern ? (request.routeOptions.url ?? '?') : request.url.split('?')[0];
    const line = `${request.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`;
    const fields = { reqId: request.id };
    if (reply.statusCode >= 500) log.warn(line, fields);
    else if (PROBES.test(path)) log.debug(line, fields);
    else log.info(line, fields);
  });
}
