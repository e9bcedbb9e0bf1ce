/**
 * The monitoring jobs' activities for workflow tests: the product's dependency builder on the
 * pipeline parts' database and clients (the Telegram emulator behind the bot's notifications,
 * TEST_ADMIN_ID gets the alerts) and the test's own Temporal namespace for task-queue backlog.
 */
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import type { HealthActivityDeps } from '../../src/activities/monitoring/health-activities';
import type { Store } from '../../src/db';
import { createDependencies } from '../../src/workers/dependencies';
import { pipelineOverrides, type PipelineParts } from './pipeline';
import type { TestTemporal } from './temporal';

/** What a test varies: the probes, and the store behind the monitoring activities. */
export interface MonitoringOptions {
  probes?: HealthActivityDeps['probes'];
  /** The store the monitoring activities get, e.g. one that fails on demand. */
  store?: Store;
}

/** The product's activities for the monitoring workflows, on the pipeline parts and the test's namespace. */
export async function monitoringActivities(parts: PipelineParts, t: TestTemporal, options: MonitoringOptions = {}): Promise<ActivitiesByQueue> {
  const config = { ...parts.config, temporal: t.config.temporal };
  const overrides = pipelineOverrides();
  const deps = await createDependencies(config, {
    ...overrides,
    database: parts.database,
    clients: { openai: parts.openai, telegram: parts.telegram },
    activities: {
      ...overrides.activities,
      health: { probes: options.probes ?? {} },
      ...(options.store && { monitoring: { store: options.store } }),
    },
  });
  parts.onClose(() => deps.close());
  return createActivitiesByQueue(deps.activityDeps);
}
