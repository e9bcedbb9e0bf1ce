/** `GET /stats?hours=24`: the service's figures for the last 1-168 hours, counted in the database (`readStats`, as the bot and the CLI). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readStats } from '../../client/stats';
import type { ApiContext } from '../api-context';
import { parseOrThrow } from '../validate';

const query = z.object({
  hours: z.coerce.number({ message: 'expected a whole number of hours' }).int('expected a whole number of hours').min(1, 'at least 1 hour').max(168, 'at most 168 hours (7 days)').default(24),
});

/** Registers the stats route. */
export function statsRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/stats', async (request) => {
      const { hours } = parseOrThrow(query, request.query, 'query');
      return readStats(ctx.store, { hours });
    });
  };
}
