/**
 * The components of the API's OpenAPI document (`openapi.ts`): the schemas of what the routes
 * take and answer, each with its example, and the small builders the paths are written with.
 * The post body's schema is generated from the same zod schema that validates it.
 */
import { z } from 'zod';
import { postInputSchema } from '../common/post-input';
import { POST_STATUSES } from '../common/post-status';
import { COMPONENT_EXAMPLES } from './openapi-examples';

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** A JSON body or response with its example (given, or the referenced component's own). */
export const json = (schema: Schema, description: string, example?: unknown) => ({ description, content: { 'application/json': { schema, example: example ?? componentExample(schema) } } });
/** An error response, with the `code` and a `message` the API answers it with. */
export const error = (description: string, code: string, message: string, details: Record<string, unknown> | null = null) =>
  json(ref('Error'), description, { error: { code, message, details } });
// OpenAPI 3.0 ignores the siblings of a $ref: a nullable reference (to an object schema) wraps it.
export const nullable = (schema: Schema): Schema => (schema.$ref ? { type: 'object', allOf: [schema], nullable: true } : { ...schema, nullable: true });
export const str = { type: 'string' };
export const int = { type: 'integer' };
export const dateTime = { type: 'string', format: 'date-time' };
export const pathParam = (name: string, description: string, example: string) => ({ name, in: 'path', required: true, description, schema: str, example });
export const boolQuery = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', enum: ['true', 'false'], default: 'false' } });

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

export const schemas: Record<string, Schema> = {
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
