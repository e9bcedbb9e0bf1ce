/**
 * Named activity option sets, declared once. Every proxy in a workflow uses one of these, so
 * the timeouts and retries of each kind of work are decided (and explained) in one place.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import { TASK_QUEUES } from '../common/task-queues';
import { DB_FAILURE, NON_RETRYABLE_AI_FAILURES } from '../common/failure-types';

/**
 * Health probes: each probe has its own 10 s timeout and reports "down" instead of throwing,
 * so retries only cover a worker that died mid-probe.
 */
export const monitoringActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.monitoring,
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '2m',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
};

/**
 * Database steps: quick and idempotent. Retried for a while (the database may restart), but
 * a missing post or an illegal status move is a bug that retrying won't fix.
 */
export const databaseActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.workflows,
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 20, nonRetryableErrorTypes: Object.values(DB_FAILURE) },
};

/**
 * OpenAI calls. `scheduleToClose` 1 h is the old queue's message TTL: a call not done within
 * the hour is dropped. Five attempts at most; the activity sets each retry's delay itself
 * (exponential with jitter up to 10 min, or OpenAI's retry-after), and refused requests
 * (400/401/403/404/422, bad output) are not retried. startToClose sits above the client's
 * own timeout (OPENAI_TIMEOUT, 60 s by default) so the client gives up first.
 */
export const aiActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.ai,
  scheduleToCloseTimeout: '1h',
  startToCloseTimeout: '90s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_AI_FAILURES },
};
