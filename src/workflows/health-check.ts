import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import { HEALTH_COMPONENTS, type ComponentHealth, type HealthCheckInput, type HealthReport } from '../common/health';
import type { HealthActivities } from '../activities/monitoring/health-activities';
import { monitoringActivity } from './activity-options';
import { alertOnChanges } from './health-alerts';

/** Patch marker: checks alert the admins when a component's state changes. */
const ALERT_ON_CHANGE = 'health-alert-on-change';

/** Patch marker: checks look at the workers too (task queues with work and nobody polling). */
const CHECK_WORKERS = 'health-check-workers';

const { probeHealth } = proxyActivities<HealthActivities>(monitoringActivity);

/**
 * Checks every dependency in parallel. A component that is down is probed once more after a
 * pause, so a blip does not page the admins; the report says what was seen after that. The
 * admins are alerted when a component's state differs from what they were last told (ok → down,
 * down → ok), not on every check. The previous states are kept in the database (`health_states`,
 * and the worker's memory while the database itself is down), not passed from run to run, so a
 * scheduled check and an on-demand one (`health`) share them: each change is announced once, and
 * one that could not be sent is sent by the next check.
 */
export async function healthCheck(input: HealthCheckInput = {}): Promise<HealthReport> {
  // Checks from before `workers` existed probed the others only; their histories replay unchanged.
  const components = input.components ?? (patched(CHECK_WORKERS) ? [...HEALTH_COMPONENTS] : HEALTH_COMPONENTS.filter((c) => c !== 'workers'));
  let checks: ComponentHealth[] = await Promise.all(components.map((c) => probeHealth(c)));
  const recheckAfterMs = input.recheckAfterMs ?? 30_000;
  const down = checks.filter((c) => c.status === 'down').map((c) => c.component);
  if (down.length > 0 && recheckAfterMs > 0) {
    await sleep(recheckAfterMs);
    const again = new Map((await Promise.all(down.map((c) => probeHealth(c)))).map((c) => [c.component, c]));
    checks = checks.map((c) => again.get(c.component) ?? c);
  }
  const report: HealthReport = {
    healthy: checks.every((c) => c.status !== 'down'),
    checkedAt: new Date().toISOString(),
    checks,
  };
  // Checks from before alerting existed ended here; their histories replay unchanged.
  if (patched(ALERT_ON_CHANGE)) report.alerts = await alertOnChanges(checks);
  return report;
}
