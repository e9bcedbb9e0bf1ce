/**
 * Names and shapes of the health check, shared by the workflow, its activities and the
 * entry points that print or serve the report.
 */

/** The dependencies a health check looks at, in report order. */
export const HEALTH_COMPONENTS = ['temporal', 'database', 'openai', 'telegram', 'sheets'] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

/** `skipped`: the component isn't configured in this deployment (not a failure). */
export type HealthStatus = 'ok' | 'down' | 'skipped';

export interface ComponentHealth {
  component: HealthComponent;
  status: HealthStatus;
  latencyMs: number;
  /** Why it is down or skipped; never contains credentials. */
  detail?: string;
}

export interface HealthReport {
  healthy: boolean;
  checkedAt: string;
  checks: ComponentHealth[];
}

export interface HealthCheckInput {
  /** Which components to check; default all. */
  components?: HealthComponent[];
  /** Re-check a component that is down once after this many ms before reporting it (avoids flapping alerts). Default 30 000; 0 disables. */
  recheckAfterMs?: number;
}
