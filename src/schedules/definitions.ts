/**
 * Every schedule the service runs, declared in code: the Celery Beat table rebuilt as
 * Temporal Schedules. `schedules apply` (and `npm start`) make the server match this list.
 */
import type { AppConfig } from '../config';
import { TASK_QUEUES } from '../common/task-queues';
import { WORKFLOW_TYPES, type WorkflowName } from '../common/workflow-types';
import type { ScheduleDefinition } from './schedule-definition';

/** Fields every schedule shares; each entry below says only what is its own. */
function base(config: Pick<AppConfig, 'schedules'>): Pick<ScheduleDefinition, 'timezone' | 'taskQueue' | 'paused'> & { args: [] } {
  return { timezone: config.schedules.timezone, taskQueue: TASK_QUEUES.workflows, args: [], paused: false };
}

/** One entry of the table, its arguments checked against its workflow's parameters. */
const schedule = <N extends WorkflowName>(definition: ScheduleDefinition<N>): ScheduleDefinition => definition;

/**
 * The schedules, in the time zone from SCHEDULE_TIMEZONE. Overlap is SKIP throughout: every
 * job recomputes its work from the current state (sheets, database), so a skipped run is made
 * up by the next one, and two syncs of the same sheet must never run at once. Catch-up windows
 * are explicit: frequent jobs drop runs missed during an outage (the next one is minutes away),
 * daily jobs still run if the server comes back within a few hours.
 */
export function scheduleDefinitions(config: Pick<AppConfig, 'schedules'>): ScheduleDefinition[] {
  const common = base(config);
  return [
    schedule({
      ...common,
      id: 'sync-channels',
      workflowType: WORKFLOW_TYPES.syncChannels,
      // An interval, as Celery Beat's `schedule: 60.0` was: every minute from when it was applied.
      cron: [],
      every: ['1m'],
      overlap: 'SKIP',
      catchupWindow: '1m',
      jitter: '10s',
      workflowExecutionTimeout: '5m',
      replaces: 'sync_channels_task',
      note: 'Replaces Celery Beat sync_channels_task (every minute): reads the Channels sheet into the database.',
      workflowIdPrefix: 'sync-channels',
    }),
    schedule({
      ...common,
      id: 'sync-subscribers',
      workflowType: WORKFLOW_TYPES.syncSubscribers,
      cron: ['*/5 * * * *'],
      overlap: 'SKIP',
      catchupWindow: '5m',
      jitter: '30s',
      workflowExecutionTimeout: '10m',
      replaces: 'sync_subscribers_task',
      note: 'Replaces Celery Beat sync_subscribers_task (every 5 min): reads the Subscribers sheet into the database.',
      workflowIdPrefix: 'sync-subscribers',
    }),
    schedule({
      ...common,
      id: 'update-analytics',
      workflowType: WORKFLOW_TYPES.updateAnalytics,
      cron: ['0 * * * *'],
      overlap: 'SKIP',
      catchupWindow: '30m',
      jitter: '2m',
      workflowExecutionTimeout: '30m',
      replaces: 'update_analytics_task',
      note: 'Replaces Celery Beat update_analytics_task (hourly): writes aggregates to the Analytics sheet.',
      workflowIdPrefix: 'update-analytics',
    }),
    schedule({
      ...common,
      id: 'export-events',
      workflowType: WORKFLOW_TYPES.exportEvents,
      cron: ['*/5 * * * *'],
      overlap: 'SKIP',
      catchupWindow: '5m',
      jitter: '30s',
      workflowExecutionTimeout: '15m',
      replaces: 'log_to_sheets_task',
      note: 'Replaces log_to_sheets_task (one Sheets call per event): appends pending events to the Events sheet in batches.',
      workflowIdPrefix: 'export-events',
    }),
    schedule({
      ...common,
      id: 'check-subscriptions',
      workflowType: WORKFLOW_TYPES.checkSubscriptions,
      cron: ['0 0 * * *'],
      overlap: 'SKIP',
      catchupWindow: '6h',
      jitter: '1m',
      workflowExecutionTimeout: '1h',
      replaces: 'check_subscriptions_task',
      note: 'Replaces Celery Beat check_subscriptions_task (daily 00:00): expires ended subscriptions, warns before expiry.',
      workflowIdPrefix: 'check-subscriptions',
    }),
    schedule({
      ...common,
      id: 'collect-stats',
      workflowType: WORKFLOW_TYPES.collectStats,
      cron: ['*/15 * * * *'],
      overlap: 'SKIP',
      catchupWindow: '10m',
      jitter: '1m',
      workflowExecutionTimeout: '10m',
      replaces: 'collect_stats_task',
      note: 'Replaces Celery Beat collect_stats_task (every 15 min): takes a stats snapshot.',
      workflowIdPrefix: 'collect-stats',
    }),
    schedule({
      ...common,
      id: 'cleanup',
      workflowType: WORKFLOW_TYPES.cleanup,
      cron: ['0 3 * * *'],
      overlap: 'SKIP',
      catchupWindow: '6h',
      jitter: '5m',
      workflowExecutionTimeout: '2h',
      replaces: 'cleanup_task',
      note: 'Replaces Celery Beat cleanup_task (daily 03:00): deletes data past retention.',
      workflowIdPrefix: 'cleanup',
    }),
    schedule({
      ...common,
      id: 'health-check',
      workflowType: WORKFLOW_TYPES.healthCheck,
      cron: ['*/5 * * * *'],
      overlap: 'SKIP',
      // A health check that is late is already stale: don't catch up, the next one is due soon.
      catchupWindow: '1m',
      jitter: '20s',
      workflowExecutionTimeout: '5m',
      replaces: 'health_check',
      note: 'Replaces Celery Beat health_check (every 5 min): probes every dependency, alerts admins on change.',
      workflowIdPrefix: 'health-check',
    }),
  ];
}
