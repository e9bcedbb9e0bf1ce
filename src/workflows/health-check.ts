import { proxyActivities, sleep } from '@temporalio/workflow';
import { HEALTH_COMPONENTS, type ComponentHealth, type HealthCheckInput, type HealthReport } from '../common/health';
import type { HealthActivities } from '../activities/monitoring/health-activities';
import { monitoringActivity } from './activity-options';

const { probeHealth } = proxyActivities<HealthActivities>(monitoringActivity);

/**
 * Checks every dependency in parallel. A component that is down is probed once more after a
 * pause, so a blip does not page the admins; the report says what was seen after that.
 */
export async function healthCheck(input: HealthCheckInput = {}): Promise<HealthReport> {
  const components = input.components ?? [...HEALTH_COMPONENTS];
  let checks: ComponentHealth[] = await Promise.all(components.map((c) => probeHealth(c)));
  const recheckAfterMs = input.recheckAfterMs ?? 30_000;
  const down = checks.filter((c) => c.status === 'down').map((c) => c.component);
  if (down.length > 0 && recheckAfterMs > 0) {
    await sleep(recheckAfterMs);
    const again = new Map((await Promise.all(down.map((c) => probeHealth(c)))).map((c) => [c.component, c]));
    checks = checks.map((c) => again.get(c.component) ?? c);
  }
  return {
    healthy: checks.every((c) => c.status !== 'down'),
    checkedAt: new Date().toISOString(),
    checks,
  };
}
