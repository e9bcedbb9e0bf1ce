/**
 * Bearer-token auth on every route but those marked public (`/healthz`, the Telegram webhook,
 * which has its own secret). A missing or wrong token gets a bare 401 — no hint whether a token
 * was sent, close, or which tokens exist. Tokens are compared as SHA-256 digests in constant
 * time, so response timing says nothing about them either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './api-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No bearer token needed (health probes, the Telegram webhook). */
    public?: boolean;
    /** Log the route's pattern, not the path (the path holds a token: the codec endpoint's). */
    logRoutePattern?: boolean;
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** A checker for `Authorization` headers against the configured tokens; no tokens: nothing passes. */
export function bearerChecker(tokens: readonly string[]): (header: string | undefined) => boolean {
  const known = tokens.filter((t) => t.length > 0).map(digest);
  return (header) => {
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) return false;
    const given = digest(m[1]);
    // Every token is compared, so the time taken doesn't depend on which one matched.
    return known.reduce((ok, token) => timingSafeEqual(token, given) || ok, false);
  };
}

/** Installs the auth hook; it runs before body parsing, so an unauthorised caller can't make us read a body. */
export function installBearerAuth(app: FastifyInstance, tokens: readonly string[]): void {
  const allowed = bearerChecker(tokens);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public) return;
    if (allowed(request.headers.authorization)) return;
    return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'unauthorized'));
  });
}
