/**
 * All activities, grouped by the task queue that runs them. Each domain has its own factory
 * taking its dependencies; the worker wiring builds the clients once and passes them in.
 * A domain whose dependencies are absent has no activities in this process.
 */
import type { TaskQueueName } from '../common/task-queues';
import { createAiActivities, type AiActivityDeps } from './ai/ai-activities';
import { createHealthActivities, type HealthActivityDeps } from './monitoring/health-activities';
import { createPostActivities, type PostActivityDeps } from './posts/post-activities';

/** Clients and settings the activities need, built once per worker process. */
export interface ActivityDeps {
  health: HealthActivityDeps;
  posts?: PostActivityDeps;
  ai?: AiActivityDeps;
}

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** Activities per task queue; a queue missing here has no activities in this process. */
export type ActivitiesByQueue = Partial<Record<TaskQueueName, ActivityFunctions>>;

export function createActivitiesByQueue(deps: ActivityDeps): ActivitiesByQueue {
  return {
    'cars-bot': deps.posts && createPostActivities(deps.posts),
    ai: deps.ai && createAiActivities(deps.ai),
    monitoring: createHealthActivities(deps.health),
  };
}
