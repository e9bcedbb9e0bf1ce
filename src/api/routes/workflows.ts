/** `GET /workflows/{id}`: status and result of any workflow the service started (job runs, posts, checks). */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { notFound } from '../api-error';
import { workflowReport } from '../../client/workflow-report';

/** Registers the workflow route. */
export function workflowRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string } }>('/workflows/:id', async (request) => {
      const report = await workflowReport(ctx.client, ctx.definitions, request.params.id);
      if (!report) throw notFound(`workflow ${request.params.id}`);
      return report;
    });
  };
}
