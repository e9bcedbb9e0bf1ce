/**
 * The API's OpenAPI 3.0 document, served at `/api/v1/openapi.json` and rendered by the docs
 * page: the paths, written next to the routes and checked against them by the tests, so it
 * can't silently drift. Components and builders: `openapi-schemas.ts`; examples:
 * `openapi-examples.ts`; operation ids: `openapi-operation-ids.ts`.
 */
import { ROUTE_EXAMPLES as EX } from './openapi-examples';
import { withOperationIds } from './openapi-operation-ids';
import { boolQuery, dateTime, error, int, json, pathParam, ref, schemas, str, type Schema } from './openapi-schemas';

const common = {
  401: error('Missing or wrong bearer token (no detail given).', 'unauthorized', 'unauthorized'),
  503: error('Temporal did not answer.', 'temporal_unavailable', 'Temporal did not answer; try again later (request 5f0c9e1a-3b0d-4c4e-9d0f-2a6b8c1d7e42)'),
};
const notFound = (what: string, message: string) => error(`No such ${what}.`, 'not_found', message);
const notOurs = error('Declared but not on the server, or not ours.', 'schedule_unavailable', 'schedule health-check is declared but not on the server: run cars-bot schedules apply', { scheduleId: 'health-check' });
const unknownSchedule = error('Unknown schedule.', 'unknown_schedule', 'unknown schedule "health-chek"; known: health-check, sync-channels, cleanup', { known: ['health-check', 'sync-channels', 'cleanup'] });
const badPostId = error('Not a post id.', 'invalid_id', '"42x" is not a post id: expected a numeric post id (42) or a post workflow id (post-cars_kz-1042)');
const noPost = notFound('post', 'post post-cars_kz-1042 not found');

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
