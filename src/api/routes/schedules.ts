/**
 * The schedules at run time: list them with their next and last runs, pause and resume them with
 * a note, trigger a run now. The same operations as `cars-bot schedules …`, on the declared
 * schedules only.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listSchedules, pauseSchedule, resumeSchedule, triggerSchedule } from '../../schedules';
import type { ApiContext } from '../api-context';
import { parseOrThrow } from '../validate';

const noteBody = z.object({ note: z.string().trim().min(1, 'a note needs some text').max(500, 'at most 500 characters').optional() }).optional();
const triggerQuery = z.object({
  allowOverlap: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false').transform((v) => v === 'true'),
});

/** Registers the schedule routes. */
export function scheduleRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/schedules', async () => ({ schedules: await listSchedules(ctx.client, ctx.definitions) }));

    app.post<{ Params: { id: string } }>('/schedules/:id/pause', async (request) => {
      const body = parseOrThrow(noteBody, request.body, 'body');
      ctx.log.info('schedule paused', { reqId: request.id, scheduleId: request.params.id });
      return pauseSchedule(ctx.client, ctx.definitions, request.params.id, body?.note);
    });

    app.post<{ Params: { id: string } }>('/schedules/:id/resume', async (request) => {
      const body = parseOrThrow(noteBody, request.body, 'body');
      ctx.log.info('schedule resumed', { reqId: request.id, scheduleId: request.params.id });
      return resumeSchedule(ctx.client, ctx.definitions, request.params.id, body?.note);
    });

    app.post<{ Params: { id: string } }>('/schedules/:id/trigger', async (request, reply) => {
      const { allowOverlap } = parseOrThrow(triggerQuery, request.query, 'query');
      const result = await triggerSchedule(ctx.client, ctx.definitions, request.params.id, { allowOverlap });
      ctx.log.info('schedule triggered', { reqId: request.id, scheduleId: request.params.id });
      return reply.code(202).send(result);
    });
  };
}
