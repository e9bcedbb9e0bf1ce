/**
 * The API's OpenAPI 3.0 document, served at `/api/v1/openapi.json` and rendered by the docs
 * page. Written next to the routes and checked against them by the tests, so it can't silently
 * drift; the post body's schema is generated from the same zod schema that validates it.
 */
import { z } from 'zod';
import { postInputSchema } from '../common/post-input';
import { POST_STATUSES } from '../common/post-status';
import { COMPONENT_EXAMPLES, ROUTE_EXAMPLES as EX } from './openapi-examples';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** A JSON body or response with its example (given, or the referenced component's own). */
const json = (schema: Schema, description: string, example?: unknown) => ({ description, content: { 'application/json': { schema, example: example ?? componentExample(schema) } } });
/** An error response, with the `code` and a `message` the API answers it with. */
const error = (description: string, code: string, message: string, details: Record<string, unknown> | null = null) =>
  json(ref('Error'), description, { error: { code, message, details } });
// OpenAPI 3.0 ignores the siblings of a $ref: a nullable reference (to an object schema) wraps it.
const nullable = (schema: Schema): Schema => (schema.$ref ? { type: 'object', allOf: [schema], nullable: true } : { ...schema, nullable: true });
const str = { type: 'string' };
const int = { type: 'integer' };
const dateTime = { type: 'string', format: 'date-time' };
const pathParam = (name: string, description: string, example: string) => ({ name, in: 'path', required: true, description, schema: str, example });
const boolQuery = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', enum: ['true', 'false'], default: 'false' } });

const common = {
  401: error('Missing or wrong bearer token (no detail given).', 'unauthorized', 'unauthorized'),
  503: error('Temporal did not answer.', 'temporal_unavailable', 'Temporal did not answer; try again later (request 5f0c9e1a-3b0d-4c4e-9d0f-2a6b8c1d7e42)'),
};
const notFound = (what: string, message: string) => error(`No such ${what}.`, 'not_found', message);
const notOurs = error('Declared but not on the server, or not ours.', 'schedule_unavailable', 'schedule health-check is declared but not on the server: run cars-bot schedules apply', { scheduleId: 'health-check' });
const unknownSchedule = error('Unknown schedule.', 'unknown_schedule', 'unknown schedule "health-chek"; known: health-check, sync-channels, cleanup', { known: ['health-check', 'sync-channels', 'cleanup'] });
const badPostId = error('Not a post id.', 'invalid_id', '"42x" is not a post id: expected a numeric post id (42) or a post workflow id (post-cars_kz-1042)');
const noPost = notFound('post', 'post post-cars_kz-1042 not found');

/** A task queue's backlog and pollers, as the dashboard and the health report both show it. */
const queueProperties: Record<string, Schema> = {
  taskQueue: str,
  kind: { type: 'string', enum: ['workflow', 'activity'] },
  backlog: int,
  oldestAgeMs: int,
  livePollers: { ...int, description: 'Pollers seen within 90 s.' },
  lastPollAt: nullable(dateTime),
};

function postInputJsonSchema(): Schema {
  const schema = z.toJSONSchema(postInputSchema, { io: 'input', target: 'openapi-3.0' }) as Schema & { properties: Record<string, Schema> };
  // The generated date-time regex is unreadable; `format` says the same.
  const { pattern: _pattern, ...date } = schema.properties.date;
  return { ...schema, properties: { ...schema.properties, date }, additionalProperties: true };
}

const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'details'],
        properties: { code: { ...str, example: 'invalid_post' }, message: str, details: nullable({ type: 'object', description: 'What to fix, e.g. `problems: [{path, message}]`; null when there is nothing to add.' }) },
      },
    },
  },
  PostInput: {
    ...postInputJsonSchema(),
    description: 'A post (SPEC §8). Unknown fields are ignored.',
    example: { source: '@cars_kz', messageId: 1042, date: '2026-11-20T09:12:00Z', text: 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67', photos: [] },
  },
  PostStatus: { type: 'string', enum: [...POST_STATUSES] },
  Submitted: {
    type: 'object',
    required: ['workflowId', 'status', 'created'],
    properties: {
      workflowId: { ...str, example: 'post-cars_kz-1042' },
      status: ref('PostStatus'),
      created: { type: 'boolean', description: 'False when the post was submitted before.' },
      scheduledFor: { ...dateTime, description: 'With delay or notBefore: when processing begins.' },
    },
  },
  Progress: {
    type: 'object',
    properties: {
      step: { type: 'string', enum: ['store', 'dedupe', 'classify', 'extract', 'describe', 'publish', 'done'] },
      stepsDone: int,
      totalSteps: int,
      percent: int,
      status: ref('PostStatus'),
      waiting: {
        type: 'object',
        description: 'A ready listing held back by the quiet hours (PUBLISH_QUIET_HOURS): absent otherwise.',
        properties: { reason: { type: 'string', enum: ['quiet-hours'] }, until: { ...dateTime, description: 'When it goes out.' }, text: { type: 'string', example: 'waiting for 07:00' } },
      },
    },
  },
  PostReport: {
    type: 'object',
    properties: {
      workflowId: str,
      postId: nullable(int),
      source: str,
      messageId: int,
      status: ref('PostStatus'),
      workflow: nullable({ type: 'object', properties: { status: str, runId: str, startTime: dateTime, closeTime: nullable(dateTime) } }),
      scheduledFor: nullable({ ...dateTime, description: 'A post submitted with a delay, while it waits: when processing begins ("scheduled for …").' }),
      progress: nullable(ref('Progress')),
      classification: nullable({ type: 'object', properties: { isCarAd: { type: 'boolean' }, confidence: { type: 'number' }, reason: str } }),
      fields: nullable({
        type: 'object',
        description: 'Extracted fields; seller contacts are only counted (subscribers get them from the bot).',
        properties: { make: nullable(str), model: nullable(str), year: nullable(int), price: nullable({ type: 'number' }), currency: nullable(str), mileageKm: nullable(int), engine: nullable(str), transmission: nullable(str), body: nullable(str), location: nullable(str), contactCount: int },
      }),
      description: nullable(str),
      published: nullable({ type: 'object', properties: { chatId: str, messageIds: { type: 'array', items: int }, at: nullable(dateTime) } }),
      duplicateOf: nullable(int),
      error: nullable(str),
      failedStep: nullable({ ...str, description: 'The step a failed post failed at.' }),
      retrying: { type: 'array', description: 'Steps being retried now: attempt, last error, next attempt.', items: ref('RetryingStep') },
      notes: { type: 'array', items: str, description: 'What intake or publishing changed, e.g. an album cut to 10 photos.' },
      receivedAt: nullable(dateTime),
      updatedAt: nullable(dateTime),
    },
  },
  RetryingStep: {
    type: 'object',
    properties: {
      activity: { ...str, example: 'classifyPost' },
      attempt: int,
      state: { type: 'string', enum: ['SCHEDULED', 'STARTED', 'CANCEL_REQUESTED', 'UNSPECIFIED'] },
      lastError: nullable({ ...str, example: 'OpenAiServerError: OpenAI server error: 503 overloaded' }),
      nextAttemptAt: nullable(dateTime),
      lastAttemptAt: nullable(dateTime),
    },
  },
  RetryOutcome: {
    type: 'object',
    required: ['workflowId', 'retried'],
    properties: {
      workflowId: str,
      retried: { type: 'boolean' },
      runId: { ...str, description: 'The new run, when retried.' },
      how: { type: 'string', enum: ['reset', 'restarted'], description: 'reset: the failed run was reset to its start (its history kept); restarted: started afresh from the database (history past retention).' },
      reason: { ...str, description: 'Why not, when not retried.' },
    },
  },
  BulkRetry: {
    type: 'object',
    properties: { matched: int, retried: { type: 'array', items: ref('RetryOutcome') }, skipped: { type: 'array', items: ref('RetryOutcome') } },
  },
  Dashboard: {
    type: 'object',
    description: 'Everything the dashboard page (`/dashboard`) draws.',
    properties: {
      generatedAt: dateTime,
      postsPerHour: {
        type: 'object',
        description: 'Posts received per UTC hour, last 24 hours, by status (each array is aligned with `hours`).',
        properties: { hours: { type: 'array', items: dateTime }, byStatus: { type: 'object', additionalProperties: { type: 'array', items: int } } },
      },
      publishing: {
        type: 'object',
        description: 'Listings sent per minute, last 60 minutes, and the channel\'s limit.',
        properties: { minutes: { type: 'array', items: dateTime }, published: { type: 'array', items: int }, limitPerMinute: int, lastHour: int },
      },
      ai: {
        type: 'object',
        description: 'OpenAI usage per UTC day, last 7 days; `costUsd` is an estimate at list prices, null when a model\'s price is unknown.',
        properties: {
          days: { type: 'array', items: dateTime },
          calls: { type: 'array', items: int },
          promptTokens: { type: 'array', items: int },
          completionTokens: { type: 'array', items: int },
          costUsd: nullable({ type: 'array', items: { type: 'number' } }),
          models: { type: 'array', items: str },
        },
      },
      queues: {
        type: 'array',
        items: {
          type: 'object',
          properties: { ...queueProperties, pollers: { ...int, description: 'Workers the server saw polling in the last minutes.' } },
        },
      },
      failures: {
        type: 'array',
        items: {
          type: 'object',
          properties: { postId: int, workflowId: str, source: str, messageId: int, failedStep: nullable(str), error: nullable(str), failedAt: dateTime, webUiUrl: nullable(str) },
        },
      },
      temporalUiUrl: nullable(str),
    },
  },
  PostList: {
    type: 'object',
    required: ['posts', 'nextCursor'],
    description: 'A page of posts, newest first. No post text and no seller contacts (personal data): `GET /posts/{id}` has the rest.',
    properties: {
      posts: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            postId: int,
            workflowId: str,
            source: str,
            messageId: int,
            status: ref('PostStatus'),
            make: nullable(str),
            model: nullable(str),
            year: nullable(int),
            price: nullable({ type: 'number' }),
            currency: nullable(str),
            failedStep: nullable(str),
            error: nullable(str),
            duplicateOf: nullable(int),
            receivedAt: dateTime,
            updatedAt: dateTime,
            publishedAt: nullable(dateTime),
          },
        },
      },
      nextCursor: nullable({ ...str, description: 'Pass as `cursor` for the next page; null on the last one.' }),
    },
    example: {
      posts: [
        {
          postId: 42,
          workflowId: 'post-cars_kz-1042',
          source: '@cars_kz',
          messageId: 1042,
          status: 'failed',
          make: 'Toyota',
          model: 'Camry',
          year: 2018,
          price: 12500000,
          currency: 'KZT',
          failedStep: 'publish',
          error: 'TelegramBadRequest: Bad Request: message is too long',
          duplicateOf: null,
          receivedAt: '2026-12-02T09:12:00.000Z',
          updatedAt: '2026-12-02T09:12:41.000Z',
          publishedAt: null,
        },
      ],
      nextCursor: 'cDQx',
    },
  },
  Figures: {
    type: 'object',
    properties: {
      hours: int,
      from: dateTime,
      to: dateTime,
      postsByStatus: { type: 'object', additionalProperties: int },
      received: int,
      carAds: int,
      duplicates: int,
      published: int,
      failed: int,
      aiCalls: int,
      promptTokens: int,
      completionTokens: int,
      activeSubscribers: int,
    },
  },
  JobRun: {
    type: 'object',
    properties: {
      job: str,
      workflowType: str,
      workflowId: { ...str, example: 'health-check-manual-2026-11-20T09:12:00.000Z' },
      runId: str,
      status: { type: 'string', description: 'RUNNING when not waited for; else COMPLETED, FAILED, TIMED_OUT, TERMINATED, CANCELLED.' },
      result: { description: 'The workflow result when COMPLETED.' },
      failure: { ...str, description: 'Why it did not complete.' },
      scheduledFor: { ...dateTime, description: 'With delay or notBefore: when the run begins.' },
    },
  },
  ScheduleStatus: {
    type: 'object',
    properties: {
      scheduleId: str,
      declared: { type: 'boolean' },
      exists: { type: 'boolean' },
      managed: { type: 'boolean' },
      upToDate: { type: 'boolean', description: 'The server has the declared schedule, unedited (drift is empty).' },
      drift: {
        type: 'array',
        items: { type: 'string', enum: ['edited live', 'code changed'] },
        description: '`edited live`: its times or input were changed at run time (PATCH, `schedules set`, the Web UI, `temporal schedule update`); `schedules apply` keeps that unless --reset. `code changed`: the declared definition changed since the last apply.',
      },
      workflowType: str,
      cron: { type: 'array', items: str, description: 'The declared cron expressions.' },
      liveSpec: { ...str, description: 'The times the server runs it at now.', example: '*/5 * * * *' },
      declaredSpec: { ...str, description: 'The declared times, in the same notation.', example: 'every 30m' },
      args: { type: 'array', items: {}, description: 'The input each run gets now.' },
      timezone: str,
      replaces: str,
      paused: { type: 'boolean' },
      note: str,
      nextRunTimes: { type: 'array', items: dateTime },
      lastRun: { type: 'object', properties: { workflowId: str, runId: str, scheduledAt: dateTime, takenAt: dateTime, status: str, closedAt: dateTime, result: {}, failure: str } },
      running: { type: 'array', items: str },
    },
  },
  PauseState: { type: 'object', properties: { scheduleId: str, paused: { type: 'boolean' }, note: str } },
  TriggerResult: { type: 'object', properties: { scheduleId: str, runningBefore: { type: 'array', items: str }, overlap: str } },
  WorkflowReport: {
    type: 'object',
    properties: {
      workflowId: str,
      runId: str,
      type: str,
      taskQueue: str,
      status: str,
      startTime: dateTime,
      closeTime: nullable(dateTime),
      historyLength: int,
      searchAttributes: { type: 'object' },
      memo: { type: 'object' },
      result: { description: 'When COMPLETED.' },
      failure: { ...str, description: 'When it ended without a result.' },
    },
  },
  Health: {
    type: 'object',
    description: 'A health check\'s report: each component (`workers`: every task queue with its backlog and pollers).',
    properties: {
      workflowId: { ...str, description: 'The healthCheck run it came from.' },
      ranNow: { type: 'boolean', description: 'True when it was run for this request (fresh=true, or none on record).' },
      healthy: { type: 'boolean' },
      checkedAt: dateTime,
      checks: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            component: { type: 'string', enum: ['temporal', 'database', 'openai', 'telegram', 'sheets', 'failures', 'workers'] },
            status: { type: 'string', enum: ['ok', 'down', 'skipped'] },
            latencyMs: int,
            detail: { ...str, description: 'Why it is down or skipped.' },
            queues: {
              type: 'array',
              description: '`workers` only: each task queue and kind of work.',
              items: {
                type: 'object',
                properties: {
                  ...queueProperties,
                  pollers: { type: 'array', items: { type: 'object', properties: { identity: str, lastAccessTime: nullable(dateTime) } } },
                  status: { type: 'string', enum: ['ok', 'idle', 'waiting', 'no worker'], description: '`no worker`: work waiting longer than QUEUE_ALERT_AFTER and nobody polling (the component is down).' },
                  problem: str,
                },
              },
            },
          },
        },
      },
      alerts: { type: 'object', description: 'What the check told the admins.' },
    },
    example: {
      workflowId: 'health-check-api-2026-12-02T09:12:00.000Z',
      ranNow: true,
      healthy: false,
      checkedAt: '2026-12-02T09:12:01.000Z',
      checks: [
        { component: 'temporal', status: 'ok', latencyMs: 4 },
        {
          component: 'workers',
          status: 'down',
          latencyMs: 12,
          detail: 'ai: 3 activity tasks waiting, the oldest for 2m 5s, and no worker is polling (no worker has polled it lately): start one with cars-bot worker --queues ai',
          queues: [{ taskQueue: 'ai', kind: 'activity', backlog: 3, oldestAgeMs: 125000, pollers: [], livePollers: 0, lastPollAt: null, status: 'no worker' }],
        },
      ],
    },
  },
  Readiness: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['ready', 'not ready'] }, checks: { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['ok', 'down'] }, latencyMs: int } } } },
  },
};

for (const [name, example] of Object.entries(COMPONENT_EXAMPLES)) schemas[name] = { ...schemas[name], example };

/** The example of the component a schema references, if any. */
function componentExample(schema: Schema): unknown {
  const name = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  return name ? schemas[name]?.example : undefined;
}

const noteBody = { required: false, content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string', maxLength: 500 } } }, example: EX.pauseBody } } };
const scheduleId = pathParam('id', 'Schedule id.', 'health-check');

/** The OpenAPI document of `/api/v1`. */
export function openApiDocument(): Schema {
  const document: Schema = {
    openapi: '3.0.3',
    info: {
      title: 'Cars Bot API',
      version: '1',
      description:
        'Submit posts, follow them through the pipeline, read figures, run jobs and operate schedules. Every route but `/healthz` needs `Authorization: Bearer <token>` (API_TOKENS). Errors have one shape: `{error: {code, message, details}}`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    paths: {
      '/posts': {
        get: {
          summary: 'List posts',
          description:
            'Posts from the database, newest first, a page at a time; every filter narrows the list. A bad filter is a 400 whose `details.problems` names the parameter and why.',
          parameters: [
            { name: 'status', in: 'query', required: false, description: 'Only posts with this status.', schema: ref('PostStatus'), example: 'failed' },
            { name: 'source', in: 'query', required: false, description: 'Only posts from this channel (@username, t.me link or chat id).', schema: str, example: '@cars_kz' },
            { name: 'make', in: 'query', required: false, description: 'Only posts of this make (case does not matter).', schema: { ...str, maxLength: 40 }, example: 'Toyota' },
            { name: 'since', in: 'query', required: false, description: 'Only posts received within this long (30m, 2h, 7d) or since this ISO 8601 time.', schema: str, example: '2h' },
            { name: 'limit', in: 'query', required: false, description: 'Posts per page.', schema: { ...int, minimum: 1, maximum: 200, default: 50 } },
            { name: 'cursor', in: 'query', required: false, description: 'The previous page\'s `nextCursor`.', schema: str },
          ],
          responses: { 200: json(ref('PostList'), 'A page of posts.'), 400: error('A bad filter, cursor or limit, or an unknown parameter; `details.problems` lists each.', 'invalid_request', 'invalid query: since: expected a duration (30m, 2h, 7d) or an ISO 8601 time', { problems: [{ path: 'since', message: 'expected a duration (30m, 2h, 7d) or an ISO 8601 time' }] }), ...common },
        },
        post: {
          summary: 'Submit a post',
          description:
            'Starts the post\'s workflow (id `post-<source>-<messageId>`). Submitting the same post again starts nothing and returns the existing workflow. `delay` (30s, 15m, 1h30m, 2d) or `notBefore` (ISO 8601 with its offset) beside the post\'s fields puts its processing off, at most 30 days (Temporal\'s start delay; Celery\'s countdown and eta).',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  allOf: [ref('PostInput'), { type: 'object', properties: { delay: { ...str, example: '30s' }, notBefore: { ...dateTime, example: '2026-12-02T07:00:00Z' } } }],
                },
                example: EX.submitBody,
              },
            },
          },
          responses: {
            202: json(ref('Submitted'), 'Started.'),
            200: json(ref('Submitted'), 'Submitted before: the existing workflow and the post\'s current status.', EX.submittedBefore),
            400: error('Not a valid post, or a bad delay/notBefore; `details.problems` lists each problem.', 'invalid_post', 'the post has 1 problem: messageId: expected a positive whole number', {
              problems: [{ path: 'messageId', message: 'expected a positive whole number' }],
            }),
            413: error('Body over the size limit.', 'body_too_large', 'Request body is too large'),
            ...common,
          },
        },
      },
      '/posts/{id}': {
        get: {
          summary: 'A post\'s status and progress',
          parameters: [pathParam('id', 'The workflow id (post-cars_kz-1042) or the numeric post id.', 'post-cars_kz-1042')],
          responses: { 200: json(ref('PostReport'), 'The post.'), 400: badPostId, 404: noPost, ...common },
        },
      },
      '/posts/{id}/retry': {
        post: {
          summary: 'Retry a failed post',
          description:
            'Runs a failed post again from where it failed (its failed run is reset): AI answers already paid for are reused, a published listing is never sent twice. The Web UI\'s Reset does the same.',
          parameters: [pathParam('id', 'The workflow id (post-cars_kz-1042) or the numeric post id.', 'post-cars_kz-1042')],
          responses: {
            202: json(ref('RetryOutcome'), 'Retried: the new run.'),
            400: badPostId,
            404: noPost,
            409: error('Not failed (still running, or completed): `details.workflowId`.', 'not_retryable', 'post post-cars_kz-1042 was not retried: its workflow completed: there is nothing to retry', { workflowId: 'post-cars_kz-1042' }),
            ...common,
          },
        },
      },
      '/posts/retry-failed': {
        post: {
          summary: 'Retry every failed post (Retry all)',
          description: 'Retries each post whose latest run failed, newest first, optionally only those that failed within `since` and came from `source`.',
          requestBody: {
            required: false,
            content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { since: { ...str, example: '2h' }, source: { ...str, example: '@cars_kz' }, limit: { ...int, minimum: 1, maximum: 1000 } } }, example: EX.retryFailedBody } },
          },
          responses: { 202: json(ref('BulkRetry'), 'What was retried, and what was not and why.'), 400: error('A bad filter.', 'invalid_request', 'invalid body: since: expected a duration (30m, 2h, 7d) or an ISO 8601 time', { problems: [{ path: 'since', message: 'expected a duration (30m, 2h, 7d) or an ISO 8601 time' }] }), ...common },
        },
      },
      '/stats': {
        get: {
          summary: 'Figures for the last hours',
          parameters: [{ name: 'hours', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 168, default: 24 } }],
          responses: { 200: json(ref('Figures'), 'Counts over posts received in the period.'), 400: error('hours out of range.', 'invalid_request', 'invalid query: hours: expected a whole number from 1 to 168', { problems: [{ path: 'hours', message: 'expected a whole number from 1 to 168' }] }), ...common },
        },
      },
      '/dashboard': {
        get: {
          summary: 'The dashboard\'s data',
          description: 'Posts per hour by status, the publishing rate against the limit, AI usage and cost per day, task-queue backlog and pollers, the latest failures. The page at `/dashboard` draws it.',
          responses: { 200: json(ref('Dashboard'), 'The figures, as of `generatedAt`.'), ...common },
        },
      },
      '/jobs/{name}/run': {
        post: {
          summary: 'Run a scheduled job now',
          parameters: [
            pathParam('name', 'Schedule id (cleanup) or workflow type (cleanup, healthCheck).', 'health-check'),
            boolQuery('wait', 'Wait for the result.'),
            { name: 'timeout', in: 'query', required: false, description: 'With wait=true: how long to wait (500ms, 30s, 2m; at most 10m). Default: the server\'s setting.', schema: str },
            { name: 'delay', in: 'query', required: false, description: 'Start the run this much later (30s, 15m, 1h30m, 2d; at most 30 days).', schema: str, example: '30s' },
            { name: 'notBefore', in: 'query', required: false, description: 'Start the run at this time (ISO 8601 with its offset); one already past starts now.', schema: dateTime },
          ],
          responses: {
            200: json(ref('JobRun'), 'Finished (wait=true); `status` says how.'),
            202: json(ref('JobRun'), 'Started (wait=false).', EX.jobStarted),
            400: error('Bad wait, timeout, delay or notBefore.', 'invalid_delay', 'delay: expected a duration such as 30s, 15m, 1h30m or 2d', { problems: [{ path: 'delay', message: 'expected a duration such as 30s, 15m, 1h30m or 2d' }] }),
            404: error('Unknown job; `details.known` lists the names.', 'unknown_job', 'unknown job "clean-up"; known: health-check, sync-channels, cleanup', { known: ['health-check', 'sync-channels', 'cleanup'] }),
            504: error('Still running when the wait ran out; `details.workflowId` names the run to follow.', 'timeout', 'health-check is still running after 30000 ms; follow it at /api/v1/workflows/health-check-manual-2026-11-20T09:12:00.000Z', {
              workflowId: 'health-check-manual-2026-11-20T09:12:00.000Z',
            }),
            ...common,
          },
        },
      },
      '/schedules': {
        get: { summary: 'Every schedule with its next and last runs', responses: { 200: json({ type: 'object', properties: { schedules: { type: 'array', items: ref('ScheduleStatus') } } }, 'The schedules.', EX.scheduleList), ...common } },
      },
      '/schedules/{id}': {
        patch: {
          summary: "Edit a schedule's times or input at run time",
          description:
            "Stored on the server (django-celery-beat's run-time edit); the code is not changed, so the schedule shows `drift: ['edited live']` and `schedules apply` keeps the edit until `--reset`. `cron` or `every` replaces the times; `input` replaces the job's options.",
          parameters: [scheduleId],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    cron: { oneOf: [str, { type: 'array', items: str }], example: '*/10 * * * *' },
                    every: { oneOf: [str, { type: 'array', items: str }], example: '30m' },
                    input: { type: 'object', example: { warnDaysBefore: 5 } },
                  },
                },
                example: EX.scheduleEdit,
              },
            },
          },
          responses: {
            200: json(ref('ScheduleStatus'), 'Edited: the schedule as the server has it now.', EX.scheduleEdited),
            400: error('Nothing to change, cron and every together, a bad cron or interval.', 'invalid_edit', 'give cron or every, not both'),
            404: unknownSchedule,
            409: notOurs,
            ...common,
          },
        },
      },
      '/schedules/{id}/pause': {
        post: {
          summary: 'Pause a schedule',
          parameters: [scheduleId],
          requestBody: noteBody,
          responses: { 200: json(ref('PauseState'), 'Paused.'), 404: unknownSchedule, 409: notOurs, ...common },
        },
      },
      '/schedules/{id}/resume': {
        post: {
          summary: 'Resume a paused schedule',
          parameters: [scheduleId],
          requestBody: noteBody,
          responses: { 200: json(ref('PauseState'), 'Resumed.', EX.resumed), 404: unknownSchedule, 409: notOurs, ...common },
        },
      },
      '/schedules/{id}/trigger': {
        post: {
          summary: 'Start a run of a schedule now',
          description: 'The schedule\'s overlap policy applies unless allowOverlap=true.',
          parameters: [scheduleId, boolQuery('allowOverlap', 'Start the run even if one is in progress.')],
          responses: { 202: json(ref('TriggerResult'), 'Triggered.'), 404: unknownSchedule, 409: notOurs, ...common },
        },
      },
      '/workflows/{id}': {
        get: {
          summary: 'Status and result of a workflow the service started',
          parameters: [pathParam('id', 'Workflow id.', 'health-check-manual-2026-11-20T09:12:00.000Z')],
          responses: { 200: json(ref('WorkflowReport'), 'The latest run.'), 404: notFound('workflow of ours', 'workflow health-check-manual-2026-11-20T09:12:00.000Z not found'), ...common },
        },
      },
      '/healthz': { get: { summary: 'The process answers', security: [], responses: { 200: json({ type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } }, 'Up.', EX.healthz) } } },
      '/health': {
        get: {
          summary: 'The health check: dependencies, failures and workers',
          description:
            'The newest healthCheck run on record (the schedule runs one every 5 minutes), or with `fresh=true` one run now. 503 when it found a component down, e.g. a task queue with work and no worker polling it.',
          parameters: [boolQuery('fresh', 'Run a check now instead of reading the newest one.')],
          responses: { 200: json(ref('Health'), 'Healthy.', EX.healthy), 503: json(ref('Health'), 'A component is down; its `detail` says why.'), 400: error('fresh is not true or false.', 'invalid_request', 'invalid query: fresh: expected true or false', { problems: [{ path: 'fresh', message: 'expected true or false' }] }), 401: common[401] },
        },
      },
      '/readyz': {
        get: {
          summary: 'Temporal and the database answer',
          responses: { 200: json(ref('Readiness'), 'Ready.'), 503: json(ref('Readiness'), 'A dependency is down.', EX.notReady), 401: common[401] },
        },
      },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.0 JSON.', content: { 'application/json': { schema: { type: 'object' }, example: EX.openApi } } } } } },
      '/docs': { get: { summary: 'This document in Swagger UI', description: '"Authorize" takes the bearer token for "Try it out"; without scripts, a plain list of the routes.', security: [], responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: str, example: EX.docsPage } } } } } },
      '/docs/assets/{file}': {
        get: {
          summary: "A file of the docs page (Swagger UI's script and style, the page's start-up script)",
          security: [],
          parameters: [pathParam('file', 'The file name.', 'swagger-ui.css')],
          responses: {
            200: { description: 'The file.', content: { 'text/css': { schema: str, example: EX.css }, 'application/javascript': { schema: str, example: EX.script }, 'image/png': { schema: { type: 'string', format: 'binary' } } } },
            404: notFound('file', 'no route GET /api/v1/docs/assets/nothing.js'),
          },
        },
      },
    },
  };
  return withOperationIds(document);
}

/** Each operation's id, as clients generated from the document name their methods. */
const OPERATION_IDS: Record<string, string> = {
  'get /posts': 'listPosts',
  'post /posts': 'submitPost',
  'get /posts/{id}': 'getPost',
  'post /posts/{id}/retry': 'retryPost',
  'post /posts/retry-failed': 'retryFailedPosts',
  'get /stats': 'getStats',
  'get /dashboard': 'getDashboard',
  'post /jobs/{name}/run': 'runJob',
  'get /schedules': 'listSchedules',
  'patch /schedules/{id}': 'editSchedule',
  'post /schedules/{id}/pause': 'pauseSchedule',
  'post /schedules/{id}/resume': 'resumeSchedule',
  'post /schedules/{id}/trigger': 'triggerSchedule',
  'get /workflows/{id}': 'getWorkflow',
  'get /healthz': 'getHealth',
  'get /health': 'getHealthReport',
  'get /readyz': 'getReadiness',
  'get /openapi.json': 'getOpenApiDocument',
  'get /docs': 'getDocsPage',
  'get /docs/assets/{file}': 'getDocsAsset',
};

/** Sets every operation's `operationId`; an operation without one in the table is a mistake, said at start-up. */
function withOperationIds(document: Schema): Schema {
  const paths = document.paths as Record<string, Record<string, Schema>>;
  for (const [route, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = OPERATION_IDS[`${method} ${route}`];
      if (!id) throw new Error(`no operationId for ${method.toUpperCase()} ${route} (src/api/openapi.ts)`);
      operation.operationId = id;
    }
  }
  return document;
}
