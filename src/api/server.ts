/**
 * The HTTP API. Entry points only start, signal and query workflows and read state; they never
 * do the work themselves. Everything lives under `/api/v1`; every route but `/healthz` needs a
 * bearer token; every error has one shape; every request has an id in the logs and the answer.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Store } from '../db';
import { createLogger, type Logger } from '../observability/logger';
import type { ScheduleDefinition } from '../schedules';
import { installBearerAuth } from './auth';
import { installErrorHandling } from './error-handler';
import { CODEC_PREFIX, codecRoutes, type CodecEndpointOptions } from './routes/codec';
import type { DashboardOptions } from './dashboard/dashboard-data';
import { dashboardDataRoutes, dashboardPageRoutes } from './routes/dashboard';
import { installRequestLogging, requestId } from './request-ids';
import { docsRoutes } from './routes/docs';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { postRoutes } from './routes/posts';
import { scheduleRoutes } from './routes/schedules';
import { statsRoutes } from './routes/stats';
import { telegramWebhookRoute, type TelegramWebhookRoute } from './routes/telegram-webhook';
import { workflowRoutes } from './routes/workflows';

export type { ReadinessCheck } from './routes/health';
export type { TelegramWebhookRoute } from './routes/telegram-webhook';

/** Everything the API needs; built by `serve` and `npm start`, or by a test. */
export interface ApiServerDeps {
  client: Client;
  store: Store;
  definitions: readonly ScheduleDefinition[];
  /** Accepted bearer tokens (API_TOKENS); none means every authenticated route answers 401. */
  tokens: readonly string[];
  /** What `/readyz` checks (Temporal, the database). */
  readiness: Record<string, ReadinessCheck>;
  log?: Logger;
  /** Default wait of `POST /jobs/{name}/run?wait=true` before a 504 (default 60 s). */
  jobWaitTimeoutMs?: number;
  /** Largest request body accepted (default 1 MiB; a post is at most 100 000 characters of text). */
  bodyLimitBytes?: number;
  /** Temporal's remote codec at `/codec` (the Web UI's decoded payloads), with the same bearer tokens. */
  codec?: Omit<CodecEndpointOptions, 'tokens'>;
  /** What the dashboard needs besides the store and client (namespace, Web UI, limits); default: the defaults' values. */
  dashboard?: Partial<DashboardOptions>;
  /** The bot's webhook, when it runs in webhook mode. */
  telegramWebhook?: TelegramWebhookRoute;
}

/**
 * JSON only (anything else is 415), parsed as Fastify does, except that an empty body is no body
 * (a POST without a note).
 */
function jsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    void parse(request, text, done);
  });
}

/** Builds the API (not listening yet: call `listen`, or `inject` in tests). */
export function buildApiServer(deps: ApiServerDeps): FastifyInstance {
  const log = deps.log ?? createLogger('warn');
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024, genReqId: requestId, return503OnClosing: true });
  jsonBodies(app);
  // Hooks and handlers first, so every route registered below inherits them.
  installRequestLogging(app, log);
  installErrorHandling(app, log);
  installBearerAuth(app, deps.tokens);

  const ctx = { client: deps.client, store: deps.store, definitions: deps.definitions, jobWaitTimeoutMs: deps.jobWaitTimeoutMs ?? 60_000, log };
  const prefix = '/api/v1';
  void app.register(healthRoutes(deps.readiness, deps.client), { prefix });
  void app.register(postRoutes(ctx), { prefix });
  void app.register(statsRoutes(ctx), { prefix });
  void app.register(jobRoutes(ctx), { prefix });
  void app.register(scheduleRoutes(ctx), { prefix });
  void app.register(workflowRoutes(ctx), { prefix });
  void app.register(docsRoutes(), { prefix });
  const dashboard: DashboardOptions = {
    namespace: deps.client.options.namespace,
    publishPerMinute: 20,
    models: ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini'],
    ...deps.dashboard,
  };
  void app.register(dashboardDataRoutes(ctx, dashboard), { prefix });
  void app.register(dashboardPageRoutes());
  if (deps.codec) void app.register(codecRoutes({ ...deps.codec, tokens: deps.tokens }), { prefix: CODEC_PREFIX });
  if (deps.telegramWebhook) void app.register(telegramWebhookRoute(deps.telegramWebhook));
  return app;
}
