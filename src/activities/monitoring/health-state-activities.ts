/**
 * The memory of the health check: what each component looked like at the last check and what
 * the admins were told, so they are alerted when a state changes (ok → down, down → ok), not on
 * every check. Kept in the database (`health_states`); while the database itself is down, in
 * this worker's memory (see `memory-health-ledger.ts`). Alerts are claimed before they are sent
 * and confirmed after, so a scheduled check and an on-demand one never both send the same
 * alert, and an alert that could not be sent is sent by the next check.
 */
import { log } from '@temporalio/activity';
import type { ComponentHealth, HealthChange, HealthComponent, HealthLedger } from '../../common/health';
import type { HealthAlertClaim, HealthAlerted, HealthObservation, Store } from '../../db';
import { MemoryHealthLedger } from './memory-health-ledger';

/** How long a check holds the alerts it claimed: longer than sending one takes (see `healthAlertActivity`). */
export const HEALTH_ALERT_LEASE_MS = 5 * 60_000;

/** What the health ledger needs: the store, and the timings tests shorten. */
export interface HealthStateActivityDeps {
  /** Absent where alerts can't be kept or sent (no database, no bot): checks then report without alerting. */
  store?: Pick<Store, 'recordHealth' | 'confirmHealthAlerts' | 'releaseHealthAlerts' | 'adoptHealthAlerts'>;
  leaseMs?: number;
  /** How long the database may take to answer before memory stands in (default 10 s). */
  databaseTimeoutMs?: number;
  now?: () => number;
}

/** What a check saw, and who is asking (the check's run, which then holds the alerts it gets). */
export interface NoteHealthInput {
  checks: ComponentHealth[];
  claimant: string;
}

/** The alerts this check now holds, and where the states are kept. */
export interface NotedHealth {
  ledger: HealthLedger;
  changes: HealthChange[];
}

/** The outcome of a check's alert, for the ledger it came from. */
export interface SettleHealthInput {
  claimant: string;
  ledger: HealthLedger;
  changes: HealthChange[];
}

function toChange(claim: HealthAlertClaim): HealthChange {
  return {
    component: claim.component as HealthComponent,
    from: claim.alertedStatus,
    to: claim.status,
    ...(claim.status === 'down' && claim.detail ? { detail: claim.detail } : {}),
    since: claim.changedAt.toISOString(),
  };
}

/** An error's first line, with any URL credentials masked: enough to tell what failed. */
const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).replace(/\/\/[^/@\s]+@/g, '//***@').split('\n')[0].slice(0, 300);

const told = (changes: HealthChange[]): HealthAlerted[] => changes.map((c) => ({ component: c.component, status: c.to }));

/** `work`, or a rejection once `ms` have passed: a database that hangs counts as down. */
async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The ledger activities, with one memory stand-in per worker process (built once, in the wiring). */
export function createHealthStateActivities({ store, leaseMs = HEALTH_ALERT_LEASE_MS, databaseTimeoutMs = 10_000, now = Date.now }: HealthStateActivityDeps) {
  const memory = new MemoryHealthLedger(now);

  return {
    /**
     * Records what a check saw and claims the alerts due. Never fails on an unreachable
     * database: that is a state to alert about, so the worker's memory stands in.
     */
    async noteHealth({ checks, claimant }: NoteHealthInput): Promise<NotedHealth> {
      if (!store) return { ledger: 'none', changes: [] };
      const observations: HealthObservation[] = checks.flatMap((c) => (c.status === 'skipped' ? [] : [{ component: c.component, status: c.status, detail: c.detail }]));
      try {
        const claims = await within(databaseTimeoutMs, async () => {
          const away = memory.toldWhileAway();
          if (away.length > 0) {
            await store.adoptHealthAlerts(away);
            memory.clear();
          }
          return store.recordHealth(observations, { claimant, leaseMs });
        });
        return { ledger: 'database', changes: claims.map(toChange) };
      } catch (err) {
        log.warn('health state not reachable in the database; this worker keeps it until it is', { error: firstLine(err) });
        return { ledger: 'memory', changes: memory.recordHealth(observations, { claimant, leaseMs }).map(toChange) };
      }
    },

    /** The admins got the alert: they now know these states. */
    async confirmHealthAlerts({ claimant, ledger, changes }: SettleHealthInput): Promise<void> {
      if (ledger === 'none' || changes.length === 0) return;
      if (ledger === 'database' && store) {
        try {
          await store.confirmHealthAlerts(claimant, told(changes));
          return;
        } catch (err) {
          log.warn('could not record a sent health alert; this worker keeps it until the database answers', { error: firstLine(err) });
        }
      }
      memory.confirmAlerted(told(changes));
    },

    /** The alert did not go out: its claims lapse now, so the next check sends it (or, at worst, when the lease ends). */
    async releaseHealthAlerts({ claimant, ledger }: SettleHealthInput): Promise<void> {
      memory.release(claimant);
      if (ledger !== 'database' || !store) return;
      try {
        await store.releaseHealthAlerts(claimant);
      } catch (err) {
        log.warn('could not release health alert claims; they lapse with their lease', { error: firstLine(err) });
      }
    },
  };
}

/** The ledger activities as workflows proxy them (`import type`). */
export type HealthStateActivities = ReturnType<typeof createHealthStateActivities>;
