/**
 * Named activity option sets, declared once. Every proxy in a workflow uses one of these, so
 * the timeouts and retries of each kind of work are decided (and explained) in one place.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import { TASK_QUEUES } from '../common/task-queues';

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
