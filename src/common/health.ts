/**
 * Names and shapes of the health check, shared by the workflow, its activities and the
 * entry points that print or serve the report.
 */

/**
 * The dependencies a health check looks at, in report order; `failures`: down while more posts
 * failed lately than FAILURE_ALERT_THRESHOLD allows, so the admins get one alert with the count
 * and the top reasons (and one when it is over), not a message per failed post; `workers`: down
 * while a task queue has work and no worker polling it (QUEUE_ALERT_AFTER), since a dead AI or
 * publishing worker leaves every dependency answering.
 */
export const HEALTH_COMPONENTS = ['temporal', 'database', 'openai', 'telegram', 'sheets', 'failures', 'workers'] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

/** `skipped`: the component isn't configured in this deployment (not a failure). */
export type HealthStatus = 'ok' | 'down' | 'skipped';

export interface ComponentHealth {
  component: HealthComponent;
  status: HealthStatus;
  latencyMs: number;
  /** Why it is down or skipped; never contains credentials. */
  detail?: string;
  /** `workers`: each task queue and kind of work, its backlog and its pollers. */
  queues?: QueueHealth[];
}

/** One worker polling a queue, as the server last saw it. */
export interface QueuePoller {
  identity: string;
  /** When it last polled (ISO); the server forgets a poller a few minutes after its last poll. */
  lastAccessTime: string | null;
}

/** One task queue and kind of work as the health check sees it. */
export interface QueueHealth {
  taskQueue: string;
  /** Workflow tasks or activity tasks: the two kinds of work a queue hands out. */
  kind: 'workflow' | 'activity';
  /** Tasks waiting (approximate, as Temporal reports it) and how long the oldest has waited. */
  backlog: number;
  oldestAgeMs: number;
  pollers: QueuePoller[];
  /** Pollers seen within 90 s: a live worker's long poll comes back within a minute. */
  livePollers: number;
  lastPollAt: string | null;
  /**
   * `ok`: a live worker polls it; `idle`: no live worker and no work; `waiting`: work and no live
   * worker, for less than QUEUE_ALERT_AFTER yet; `no worker`: longer (the component is down).
   */
  status: 'ok' | 'idle' | 'waiting' | 'no worker';
  /** Why it is `no worker`, for people. */
  problem?: string;
}

export interface HealthReport {
  healthy: boolean;
  checkedAt: string;
  checks: ComponentHealth[];
  /** What this check told the admins; absent in reports of checks from before alerting. */
  alerts?: HealthAlerts;
}

/** A component whose state differs from what the admins were last told. */
export interface HealthChange {
  component: HealthComponent;
  from: 'ok' | 'down';
  to: 'ok' | 'down';
  detail?: string;
  /** ISO time the component entered `to`. */
  since: string;
}

/**
 * Where the last known states are kept: the database; the worker's memory while the database
 * itself can't be reached; none where alerts can't be kept or sent (no store or no Telegram
 * bot): the check then only reports.
 */
export type HealthLedger = 'database' | 'memory' | 'none';

/** The alerting part of a health check. */
export interface HealthAlerts {
  ledger: HealthLedger;
  /** Changes this check announced (or tried to); another check already announcing one leaves it out. */
  changes: HealthChange[];
  /** Whether a message about `changes` went to the admins; false with changes left: the next check sends it. */
  sent: boolean;
  /** Admins the message reached. */
  recipients?: number;
  /** Why no message went out (Telegram unreachable, no admin reachable, state not readable). */
  error?: string;
}

export interface HealthCheckInput {
  /** Which components to check; default all. */
  components?: HealthComponent[];
  /** Re-check a component that is down once after this many ms before reporting it (avoids flapping alerts). Default 30 000; 0 disables. */
  recheckAfterMs?: number;
}
