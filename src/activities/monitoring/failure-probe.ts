/**
 * The health check's `failures` component: the pipeline itself failing, not a dependency. It is
 * down while more than `threshold` posts failed within the window, and its detail is what an
 * admin reads in the alert: how many, and the most common reasons.
 */
import type { Store } from '../../db';
import type { HealthProbe } from './health-activities';

/** `7 posts failed in the last 15 min: OpenAiBadRequest ×5, PublishFailed ×2`. */
export function failureProbe(store: Pick<Store, 'failureSummary'>, { threshold, windowMs }: { threshold: number; windowMs: number }): HealthProbe {
  const window = windowMs % 3_600_000 === 0 ? `${windowMs / 3_600_000} h` : `${Math.round(windowMs / 60_000)} min`;
  return async () => {
    const summary = await store.failureSummary(windowMs);
    if (summary.count <= threshold) return;
    const top = summary.reasons.slice(0, 3).map((r) => `${r.reason} ×${r.count}`).join(', ');
    throw new Error(`${summary.count} posts failed in the last ${window} (more than ${threshold}): ${top}. See: cars-bot post retry --failed --since ${Math.round(windowMs / 60_000)}m`);
  };
}
