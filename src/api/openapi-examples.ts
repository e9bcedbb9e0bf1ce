/**
 * Example values of the OpenAPI document (`openapi.ts`): what Swagger UI shows beside each schema
 * and fills into "Try it out". Made-up posts and ids; no real person's data.
 */

import { WORKFLOW_TYPES } from '../common/workflow-types';

const workflowId = 'post-cars_kz-1042';
const runId = '01a2380b-45d2-7dfc-9047-21850e7f11b2';
const jobWorkflowId = 'health-check-manual-2026-11-20T09:12:00.000Z';

const scheduleStatus = {
  scheduleId: 'health-check',
  declared: true,
  exists: true,
  managed: true,
  upToDate: true,
  drift: [],
  workflowType: WORKFLOW_TYPES.healthCheck,
  cron: ['*/5 * * * *'],
  liveSpec: '*/5 * * * *',
  declaredSpec: '*/5 * * * *',
  args: [{}],
  timezone: 'UTC',
  paused: false,
  nextRunTimes: ['2026-12-02T09:15:00.000Z', '2026-12-02T09:20:00.000Z'],
  lastRun: { workflowId: 'health-check-2026-12-02T09:10:00Z', runId, scheduledAt: '2026-12-02T09:10:00.000Z', takenAt: '2026-12-02T09:10:00.120Z', status: 'COMPLETED', closedAt: '2026-12-02T09:10:01.400Z' },
  running: [],
};

/** Each component's example, by component name. */
export const COMPONENT_EXAMPLES: Record<string, unknown> = {
  Submitted: { workflowId, status: 'received', created: true },
  PostReport: {
    workflowId,
    postId: 42,
    source: '@cars_kz',
    messageId: 1042,
    status: 'published',
    workflow: { status: 'COMPLETED', runId, startTime: '2026-12-02T09:12:00.000Z', closeTime: '2026-12-02T09:12:09.000Z' },
    scheduledFor: null,
    progress: { step: 'done', stepsDone: 5, totalSteps: 5, percent: 100, status: 'published' },
    classification: { isCarAd: true, confidence: 0.97, reason: 'a car for sale with make, year and price' },
    fields: { make: 'Toyota', model: 'Camry', year: 2018, price: 12500000, currency: 'KZT', mileageKm: 95000, engine: '2.5 petrol', transmission: 'automatic', body: 'sedan', location: 'Almaty', contactCount: 1 },
    description: 'Toyota Camry 2018, 95 000 km, 2.5 petrol, automatic. 12 500 000 ₸, Almaty.',
    published: { chatId: '@cars_listings', messageIds: [311], at: '2026-12-02T09:12:09.000Z' },
    duplicateOf: null,
    error: null,
    failedStep: null,
    retrying: [],
    notes: [],
    receivedAt: '2026-12-02T09:12:00.000Z',
    updatedAt: '2026-12-02T09:12:09.000Z',
  },
  RetryOutcome: { workflowId, retried: true, runId, how: 'reset' },
  BulkRetry: {
    matched: 2,
    retried: [{ workflowId, retried: true, runId, how: 'reset' }],
    skipped: [{ workflowId: 'post-cars_kz-1043', retried: false, reason: 'its workflow is still running' }],
  },
  Dashboard: {
    generatedAt: '2026-12-02T09:30:00.000Z',
    postsPerHour: { hours: ['2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z'], byStatus: { published: [12, 9], not_car: [30, 21], duplicate: [4, 2], failed: [0, 1] } },
    publishing: { minutes: ['2026-12-02T09:28:00.000Z', '2026-12-02T09:29:00.000Z'], published: [1, 0], limitPerMinute: 20, lastHour: 9 },
    ai: {
      days: ['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'],
      calls: [410, 95],
      promptTokens: [182000, 41000],
      completionTokens: [21000, 4800],
      costUsd: [0.04, 0.01],
      models: ['gpt-4o-mini'],
    },
    queues: [{ taskQueue: 'ai', kind: 'activity', backlog: 0, oldestAgeMs: 0, pollers: 1, livePollers: 1, lastPollAt: '2026-12-02T09:29:58.000Z' }],
    failures: [
      {
        postId: 57,
        workflowId: 'post-cars_kz-1057',
        source: '@cars_kz',
        messageId: 1057,
        failedStep: 'publish',
        error: 'TelegramBadRequest: Bad Request: message is too long',
        failedAt: '2026-12-02T09:21:00.000Z',
        webUiUrl: 'http://127.0.0.1:8233/namespaces/default/workflows/post-cars_kz-1057',
      },
    ],
    temporalUiUrl: 'http://127.0.0.1:8233',
  },
  Figures: {
    hours: 24,
    from: '2026-12-01T09:30:00.000Z',
    to: '2026-12-02T09:30:00.000Z',
    postsByStatus: { published: 120, not_car: 310, duplicate: 41, failed: 2 },
    received: 473,
    carAds: 163,
    duplicates: 41,
    published: 120,
    failed: 2,
    aiCalls: 805,
    promptTokens: 352000,
    completionTokens: 40100,
    activeSubscribers: 17,
  },
  JobRun: { job: 'health-check', workflowType: WORKFLOW_TYPES.healthCheck, workflowId: jobWorkflowId, runId, status: 'COMPLETED', result: { healthy: true } },
  ScheduleStatus: scheduleStatus,
  PauseState: { scheduleId: 'sync-channels', paused: true, note: 'the Sheets quota is used up until midnight' },
  TriggerResult: { scheduleId: 'health-check', runningBefore: [], overlap: 'SKIP' },
  WorkflowReport: {
    workflowId: jobWorkflowId,
    runId,
    type: WORKFLOW_TYPES.healthCheck,
    taskQueue: 'cars-bot',
    status: 'COMPLETED',
    startTime: '2026-11-20T09:12:00.000Z',
    closeTime: '2026-11-20T09:12:01.300Z',
    historyLength: 23,
    searchAttributes: {},
    memo: {},
    result: { healthy: true },
  },
  Readiness: { status: 'ready', checks: { temporal: { status: 'ok', latencyMs: 3 }, database: { status: 'ok', latencyMs: 1 } } },
};

/** Examples of single routes where the component's own does not fit. */
export const ROUTE_EXAMPLES = {
  submitBody: { source: '@cars_kz', messageId: 1042, date: '2026-11-20T09:12:00Z', text: 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы', photos: [], delay: '30s' },
  submittedBefore: { workflowId, status: 'published', created: false },
  retryFailedBody: { since: '2h', source: '@cars_kz', limit: 100 },
  jobStarted: { job: 'health-check', workflowType: WORKFLOW_TYPES.healthCheck, workflowId: jobWorkflowId, runId, status: 'RUNNING' },
  scheduleList: { schedules: [scheduleStatus] },
  scheduleEdit: { every: '10m' },
  scheduleEdited: { ...scheduleStatus, upToDate: false, drift: ['edited live'], liveSpec: 'every 10m' },
  pauseBody: { note: 'the Sheets quota is used up until midnight' },
  resumed: { scheduleId: 'sync-channels', paused: false, note: 'quota back' },
  healthy: { workflowId: 'health-check-2026-12-02T09:10:00Z', ranNow: false, healthy: true, checkedAt: '2026-12-02T09:10:01.000Z', checks: [{ component: 'temporal', status: 'ok', latencyMs: 4 }, { component: 'database', status: 'ok', latencyMs: 2 }] },
  notReady: { status: 'not ready', checks: { temporal: { status: 'ok', latencyMs: 3 }, database: { status: 'down', latencyMs: 2000 } } },
  healthz: { status: 'ok' },
  openApi: { openapi: '3.0.3', info: { title: 'Cars Bot API', version: '1' }, paths: {} },
  docsPage: '<!doctype html><html><head><title>Cars Bot API</title></head><body><div id="swagger-ui"></div></body></html>',
  css: '.swagger-ui{font-family:sans-serif}',
  script: 'window.ui = SwaggerUIBundle({ url: "../openapi.json", dom_id: "#swagger-ui" });',
};
