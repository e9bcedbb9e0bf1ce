/**
 * `POST /posts` submits a post (SPEC §8) by starting its workflow — the same idempotent start
 * the bot and the CLI use, so a repeat finds the first one — and `GET /posts/{id}` reports where
 * a post is, by workflow id or database id.
 */
import type { FastifyInstance } from 'fastify';
import { validatePostInput } from '../../common/post-input';
import { lookupPost, parsePostRef } from '../../intake/post-lookup';
import { startPostWorkflow } from '../../intake/start-post';
import type { ApiContext } from '../api-context';
import { ApiError, notFound } from '../api-error';

/** Registers the post routes. */
export function postRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/posts', async (request, reply) => {
      const checked = validatePostInput(request.body);
      if (!checked.ok) {
        const n = checked.problems.length;
        throw new ApiError(400, 'invalid_post', `the post has ${n} problem${n === 1 ? '' : 's'}: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
          problems: checked.problems,
        });
      }
      const started = await startPostWorkflow(ctx.client, checked.post);
      reply.header('location', `/api/v1/posts/${encodeURIComponent(started.workflowId)}`);
      if (started.started) {
        ctx.log.info('post submitted', { reqId: request.id, workflowId: started.workflowId });
        return reply.code(202).send({ workflowId: started.workflowId, status: 'received', created: true });
      }
      const existing = await lookupPost(ctx.client, ctx.store, parsePostRef(started.workflowId), { queryTimeoutMs: 1_000 });
      return reply.code(200).send({ workflowId: started.workflowId, status: existing?.status ?? 'received', created: false });
    });

    app.get<{ Params: { id: string } }>('/posts/:id', async (request) => {
      const report = await lookupPost(ctx.client, ctx.store, parsePostRef(request.params.id));
      if (!report) throw notFound(`post ${request.params.id}`);
      return report;
    });
  };
}
