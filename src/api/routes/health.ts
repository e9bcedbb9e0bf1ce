/**
 * `/healthz` says the process answers (for a load balancer; no auth, no I/O); `/readyz` that
 * Temporal and the database answer too, each within a few seconds. A failing check is reported
 * as `down` without its error, which could name hosts or users.
 */
import type { FastifyInstance } from 'fastify';

/** A readiness check: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout(check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** Registers the health routes. */
export function healthRoutes(readiness: Record<string, ReadinessCheck>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', async (_request, reply) => {
      const results = await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          const started = Date.now();
          try {
            await withTimeout(check, CHECK_TIMEOUT_MS);
            return [name, { status: 'ok', latencyMs: Date.now() - started }] as const;
          } catch {
            return [name, { status: 'down', latencyMs: Date.now() - started }] as const;
          }
        }),
      );
      const ready = results.every(([, r]) => r.status === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
    });
  };
}
