/**
 * The schedules at run time: list them with their next and last runs and drift, edit their times
 * or input (`PATCH`), pause and resume them with a note, trigger a run now. The same operations as `cars-bot schedules …`, on the declared
 * schedules only.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { editSchedule, listSchedules, pauseSchedule, resumeSchedule, ScheduleEditError, triggerSchedule } from '../../schedules';
import { ApiError } from '../api-error';
import type { ApiContext } from '../api-context';
import { parseOrThrow } from '../validate';

const noteBody = z.object({ note: z.string().trim().min(1, 'a note needs some text').max(500, 'at most 500 characters').optional() }).optional();
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** A run-time edit: new times (cron or every) and/or a new input. */
const editBody = z
  .object({ cron: oneOrMany.optional(), every: oneOrMany.optional(), input: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine((b) => b.cron !== undefined || b.every !== undefined || b.input !== undefined, 'give cron, every or input');
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

    app.patch<{ Params: { id: string } }>('/schedules/:id', async (request) => {
      const body = parseOrThrow(editBody, request.body ?? {}, 'body');
      try {
        const status = await editSchedule(ctx.client, ctx.definitions, request.params.id, body);
        ctx.log.info('schedule edited', { reqId: request.id, scheduleId: request.params.id, fields: Object.keys(body) });
        return status;
      } catch (err) {
        if (err instanceof ScheduleEditError) throw new ApiError(400, 'invalid_edit', err.message);
        throw err;
      }
    });

    app.post<{ Params: { id: string } }>('/schedules/:id/trigger', async (request, reply) => {
      const { allowOverlap } = parseOrThrow(triggerQuery, request.query, 'query');
      const result = await triggerSchedule(ctx.client, ctx.definitions, request.params.id, { allowOverlap });
      ctx.log.info('schedule triggered', { reqId: request.id, scheduleId: request.params.id });
      return reply.code(202).send(result);
    });
  };
}
