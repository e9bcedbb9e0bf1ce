/**
 * `POST /jobs/{name}/run`: a scheduled job now, outside its schedule — the old admin API's two
 * triggers (and Celery's `countdown`/`eta`: `delay` or `notBefore` puts the run off). Without
 * `wait` it answers 202 with the workflow id at once; with `wait=true` it
 * answers with the run's outcome, or 504 with the workflow id when the wait runs out (the run
 * goes on; `GET /workflows/{id}` follows it).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { durationMs } from '../../config';
import { startJob, waitForJob } from '../../client/jobs';
import { findJob, UnknownScheduleError } from '../../schedules';
import type { ApiContext } from '../api-context';
import { ApiError } from '../api-error';
import { withoutContacts } from '../../client/redact';
import { requestedStartDelay } from '../start-delay';
import { parseOrThrow } from '../validate';

/** Longest wait a caller may ask for; longer runs are followed by polling. */
const MAX_WAIT_MS = 10 * 60_000;

const query = z.object({
  delay: z.string().optional(),
  notBefore: z.string().optional(),
  wait: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false').transform((v) => v === 'true'),
  timeout: z
    .string()
    .regex(/^\d+(ms|s|m)$/, 'expected a duration such as 500ms, 30s or 2m')
    .transform(durationMs)
    .refine((ms) => ms > 0 && ms <= MAX_WAIT_MS, 'expected a duration between 1ms and 10m')
    .optional(),
});

/** Registers the job route. */
export function jobRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { name: string } }>('/jobs/:name/run', async (request, reply) => {
      const { wait, timeout, delay, notBefore } = parseOrThrow(query, request.query, 'query');
      const when = requestedStartDelay({ delay, notBefore });
      try {
        findJob(ctx.definitions, request.params.name);
      } catch (err) {
        if (err instanceof UnknownScheduleError) throw new ApiError(404, 'unknown_job', err.message, { known: err.known });
        throw err;
      }
      const { run, handle } = await startJob(ctx.client, ctx.definitions, request.params.name, { startDelayMs: when?.delayMs });
      ctx.log.info('job started', { reqId: request.id, job: run.job, workflowId: run.workflowId });
      reply.header('location', `/api/v1/workflows/${encodeURIComponent(run.workflowId)}`);
      if (!wait) return reply.code(202).send({ ...run, status: 'RUNNING' });

      const waitMs = timeout ?? ctx.jobWaitTimeoutMs;
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), waitMs);
      try {
        const finished = await ctx.client.withAbortSignal(stop.signal, () => waitForJob(handle, run));
        return reply.code(200).send(withoutContacts(finished));
      } catch (err) {
        if (!stop.signal.aborted) throw err;
        throw new ApiError(504, 'timeout', `${run.job} is still running after ${waitMs} ms; follow it at /api/v1/workflows/${run.workflowId}`, {
          workflowId: run.workflowId,
          runId: run.runId,
        });
      } finally {
        clearTimeout(timer);
      }
    });
  };
}
