/**
 * The monitoring queue's jobs beyond the probes: the subscription check's database steps, the
 * stats snapshot and the nightly cleanup. They share what they need: the store, and a way to
 * ask Temporal about our task queues.
 */
import { createCleanupActivities, type CleanupActivityDeps } from './cleanup-activities';
import { createStatsActivities, type StatsActivityDeps, type TaskQueueStatsSource } from './stats-activities';
import { createSubscriptionActivities, type SubscriptionActivityDeps } from './subscription-activities';

/** Built once per worker process in `workers/dependencies.ts`; tests pass the same with emulator-backed parts. */
export interface MonitoringActivityDeps {
  /** What the subscription, stats and cleanup jobs use of the store. */
  store: SubscriptionActivityDeps['store'] & StatsActivityDeps['store'] & CleanupActivityDeps['store'];
  /** The worker's Temporal connection and namespace, for task-queue backlog. */
  temporal: TaskQueueStatsSource;
  /** How long a subscription check holds the notices it claimed (default 2 h). */
  noticeLeaseMs?: number;
}

/** The monitoring jobs' activities, merged onto the monitoring queue beside the probes. */
export function createMonitoringActivities({ store, temporal, noticeLeaseMs }: MonitoringActivityDeps) {
  return {
    ...createSubscriptionActivities({ store, leaseMs: noticeLeaseMs }),
    ...createStatsActivities({ store, temporal }),
    ...createCleanupActivities({ store }),
  };
}

/** The monitoring jobs' activities as a type. */
export type MonitoringActivities = ReturnType<typeof createMonitoringActivities>;
