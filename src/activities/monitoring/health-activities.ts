/**
 * Health probes as an activity. Each probe is a small function built in the worker wiring
 * (ping the database, ask Temporal for system info, call getMe on Telegram ...), so the
 * activity itself knows no vendor and tests can hand it any probe.
 */
import type { ComponentHealth, HealthComponent, QueueHealth } from '../../common/health';

/**
 * A probe resolves when the component answers and throws when it doesn't. One that has more to
 * report than ok or down resolves with `ProbeFindings`, or throws `ProbeDown` carrying them.
 */
export type HealthProbe = () => Promise<unknown>;

/** What a probe adds to its component's report. */
export class ProbeFindings {
  constructor(readonly queues?: QueueHealth[]) {}
}

/** A component that answered but is not well; the message says why, the findings what was seen. */
export class ProbeDown extends Error {
  constructor(
    message: string,
    readonly findings: ProbeFindings,
  ) {
    super(message);
    this.name = 'ProbeDown';
  }
}

const withFindings = (findings: unknown): Pick<ComponentHealth, 'queues'> =>
  findings instanceof ProbeFindings && findings.queues ? { queues: findings.queues } : {};

export interface HealthActivityDeps {
  /** Probes by component; a component without one is reported as skipped. */
  probes: Partial<Record<HealthComponent, HealthProbe>>;
  /** Longest a probe may take before the component counts as down. */
  probeTimeoutMs?: number;
  now?: () => number;
}

/** Keeps error text short and free of URLs' credentials. */
function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\/\/[^/@\s]+@/g, '//***@').split('\n')[0].slice(0, err instanceof ProbeDown ? 1000 : 300);
}

export function createHealthActivities({ probes, probeTimeoutMs = 10_000, now = Date.now }: HealthActivityDeps) {
  return {
    /** Probes one component; never throws, so a down component is a result, not a retry. */
    async probeHealth(component: HealthComponent): Promise<ComponentHealth> {
      const probe = probes[component];
      if (!probe) return { component, status: 'skipped', latencyMs: 0, detail: 'not configured' };
      const started = now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
          }),
        ]);
        return { component, status: 'ok', latencyMs: now() - started, ...withFindings(answer) };
      } catch (err) {
        return { component, status: 'down', latencyMs: now() - started, detail: describeError(err), ...withFindings(err instanceof ProbeDown ? err.findings : undefined) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
