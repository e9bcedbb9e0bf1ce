/**
 * The HTTP API. Entry points only start, signal and query workflows and read state; they never
 * do the work themselves. `/healthz` tells a load balancer the process is up; `/readyz` that
 * its dependencies answer.
 */
import Fastify, { type FastifyInstance } from 'fastify';

/** A readiness check: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ApiServerDeps {
  readiness: Record<string, ReadinessCheck>;
  logger?: boolean;
}

export function buildApiServer({ readiness, logger = false }: ApiServerDeps): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: 1024 * 1024 });

  app.get('/api/v1/healthz', async () => ({ status: 'ok' }));

  app.get('/api/v1/readyz', async (_req, reply) => {
    const results = await Promise.all(
      Object.entries(readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, status]) => status === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  return app;
}
