/**
 * `GET /posts` lists posts from the database, newest first, by status, source, make and age;
 * `POST /posts` submits a post (SPEC §8) by starting its workflow — the same idempotent start
 * the bot and the CLI use, so a repeat finds the first one; `delay` or `notBefore` beside the
 * post's fields put its processing off — and `GET /posts/{id}` reports where
 * a post is, by workflow id or database id.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validatePostInput } from '../../common/post-input';
import { durationMs } from '../../config';
import { listPosts, postListQuerySchema } from '../../client/post-list';
import { lookupPost, parsePostRef } from '../../client/post-lookup';
import { findFailedPosts, retryPost, retryPosts } from '../../client/retry-post';
import { startPostWorkflow } from '../../client/start-post';
import { requestedStartDelay } from '../start-delay';
import type { ApiContext } from '../api-context';
import { ApiError, notFound } from '../api-error';
import { parseOrThrow } from '../validate';

/** Which failed posts `POST /posts/retry-failed` retries. */
const bulkRetryBody = z
  .object({
    since: z.string().regex(/^\d+(s|m|h|d)$/, 'expected a duration such as 30m, 2h or 1d').optional(),
    source: z.string().regex(/^(@?[A-Za-z]\w{3,}|-?\d+)$/, 'expected a channel @username or a numeric chat id').optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .default({});

/** `30m`, `2h`, `1d` → ms (days are not a config duration, so they are read here). */
const sinceMs = (text: string): number => (text.endsWith('d') ? Number(text.slice(0, -1)) * 86_400_000 : durationMs(text));

/** Registers the post routes. */
export function postRoutes(ctx: ApiContext) {
  const listQuery = postListQuerySchema();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/posts', async (request) => listPosts(ctx.store, parseOrThrow(listQuery, request.query ?? {}, 'query')));

    app.post('/posts', async (request, reply) => {
      const checked = validatePostInput(request.body);
      if (!checked.ok) {
        const n = checked.problems.length;
        throw new ApiError(400, 'invalid_post', `the post has ${n} problem${n === 1 ? '' : 's'}: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
          problems: checked.problems,
        });
      }
      const when = requestedStartDelay(request.body);
      const started = await startPostWorkflow(ctx.client, checked.post, { startDelayMs: when?.delayMs });
      reply.header('location', `/api/v1/posts/${encodeURIComponent(started.workflowId)}`);
      if (started.started) {
        ctx.log.info('post submitted', { reqId: request.id, workflowId: started.workflowId, ...(started.scheduledFor ? { scheduledFor: started.scheduledFor } : {}) });
        return reply.code(202).send({ workflowId: started.workflowId, status: 'received', created: true, ...(started.scheduledFor ? { scheduledFor: started.scheduledFor } : {}) });
      }
      const existing = await lookupPost(ctx.client, ctx.store, parsePostRef(started.workflowId), { queryTimeoutMs: 1_000 });
      return reply.code(200).send({ workflowId: started.workflowId, status: existing?.status ?? 'received', created: false });
    });

    app.post<{ Params: { id: string } }>('/posts/:id/retry', async (request, reply) => {
      const outcome = await retryPost(ctx.client, parsePostRef(request.params.id), { store: ctx.store, reason: `retry from the API (request ${request.id})` });
      if (!outcome.retried) throw new ApiError(409, 'not_retryable', `post ${request.params.id} was not retried: ${outcome.reason}`, { workflowId: outcome.workflowId });
      ctx.log.info('post retried', { reqId: request.id, workflowId: outcome.workflowId, runId: outcome.runId, how: outcome.how });
      reply.header('location', `/api/v1/posts/${encodeURIComponent(outcome.workflowId)}`);
      return reply.code(202).send(outcome);
    });

    app.post('/posts/retry-failed', async (request, reply) => {
      const body = parseOrThrow(bulkRetryBody, request.body ?? {}, 'body');
      const ids = await findFailedPosts(ctx.client, { sinceMs: body.since ? sinceMs(body.since) : undefined, source: body.source, limit: body.limit });
      const outcome = await retryPosts(ctx.client, ids, { store: ctx.store, reason: `bulk retry from the API (request ${request.id})` });
      ctx.log.info('failed posts retried', { reqId: request.id, matched: outcome.matched, retried: outcome.retried.length });
      return reply.code(202).send(outcome);
    });

    app.get<{ Params: { id: string } }>('/posts/:id', async (request) => {
      const report = await lookupPost(ctx.client, ctx.store, parsePostRef(request.params.id));
      if (!report) throw notFound(`post ${request.params.id}`);
      return report;
    });
  };
}
