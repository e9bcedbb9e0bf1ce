/**
 * `/healthz` says the process answers (for a load balancer; no auth, no I/O); `/readyz` that
 * Temporal and the database answer too, each within a few seconds. A failing check is reported
 * as `down` without its error, which could name hosts or users. `/health` is the service's
 * health check (the healthCheck workflow: every dependency, failures, and the workers behind
 * each task queue), the newest one on record or, with `fresh=true`, one run now.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { latestHealth, runHealthCheck } from '../../client/latest-health';
import { parseOrThrow } from '../validate';

const healthQuery = z.strictObject({ fresh: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false') });

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
export function healthRoutes(readiness: Record<string, ReadinessCheck>, client: Client) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));

    app.get('/health', async (request, reply) => {
      const { fresh } = parseOrThrow(healthQuery, request.query ?? {}, 'query');
      const found =
        fresh === 'true'
          ? await (async () => {
              const workflowId = `health-check-api-${new Date().toISOString()}`;
              // Asked for now: what is seen now, without the pause before re-probing a down component.
              const report = await runHealthCheck(client, { workflowId, recheckAfterMs: 0, staticSummary: 'Health check asked for in the API' });
              return { report, workflowId, ranNow: true };
            })()
          : await latestHealth(client, { waitMs: 30_000 });
      return reply.code(found.report.healthy ? 200 : 503).send({ workflowId: found.workflowId, ranNow: found.ranNow, ...found.report });
    });

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
