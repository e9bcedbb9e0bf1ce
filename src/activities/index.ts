/**
 * All activities, grouped by the task queue that runs them. Each domain has its own factory
 * taking its dependencies; the worker wiring builds the clients once and passes them in.
 */
import type { TaskQueueName } from '../common/task-queues';
import { createHealthActivities, type HealthActivityDeps } from './monitoring/health-activities';

/** Clients and settings the activities need, built once per worker process. */
export interface ActivityDeps {
  health: HealthActivityDeps;
}

/** Activities per task queue; a queue missing here has no activities (yet). */
export type ActivitiesByQueue = Partial<Record<TaskQueueName, Record<string, (...args: never[]) => Promise<unknown>>>>;

export function createActivitiesByQueue(deps: ActivityDeps): ActivitiesByQueue {
  return {
    monitoring: createHealthActivities(deps.health),
  };
}
