/**
 * The monitoring jobs' activities for workflow tests: the pipeline parts' store, the Telegram
 * emulator behind the bot's notifications (TEST_ADMIN_ID gets the alerts), and the test's own
 * Temporal namespace for task-queue backlog, passed into the product's factory.
 */
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import type { HealthActivityDeps } from '../../src/activities/monitoring/health-activities';
import type { Store } from '../../src/db';
import { TEST_ADMIN_ID, type PipelineParts } from './pipeline';
import type { TestTemporal } from './temporal';

/** What a test varies: the probes, and the store behind the monitoring activities. */
export interface MonitoringOptions {
  probes?: HealthActivityDeps['probes'];
  /** The store the monitoring activities get, e.g. one that fails on demand. */
  store?: Store;
}

/** The product's activities for the monitoring workflows, on the pipeline parts and the test's namespace. */
export function monitoringActivities(parts: PipelineParts, t: TestTemporal, options: MonitoringOptions = {}): ActivitiesByQueue {
  return createActivitiesByQueue({
    health: { probes: options.probes ?? {} },
    posts: { store: parts.store, dedupeWindowDays: 7 },
    notifications: { api: parts.telegram, store: parts.store, adminIds: [TEST_ADMIN_ID], backoff: { initialMs: 100, maxMs: 500 } },
    monitoring: { store: options.store ?? parts.store, temporal: { workflowService: t.client.workflowService, namespace: t.namespace } },
  });
}
