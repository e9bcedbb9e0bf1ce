/**
 * The health ledger's stand-in while the database itself is unreachable: the database outage is
 * the one change the database can't keep, and admins must still hear of it once, not on every
 * check. Same rules as the database ledger (`db/store/health-states.ts`), kept in this worker
 * process's memory; what the admins were told meanwhile is handed to the database once it
 * answers again, so the recovery is announced too. Several monitoring workers each keep their
 * own: during a database outage each may send the alert once.
 */
import type { HealthAlertClaim, HealthAlerted, HealthObservation } from '../../db';

interface Entry {
  status: 'ok' | 'down';
  detail: string | null;
  changedAt: Date;
  alertedStatus: 'ok' | 'down';
  claimedBy?: string;
  claimedUntil?: number;
}

/** Component states and alerts of this process, while the database is away. */
export class MemoryHealthLedger {
  private readonly entries = new Map<string, Entry>();
  /** Alerts the admins got while the database was away, by component. */
  private readonly told = new Map<string, 'ok' | 'down'>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records what a check saw and claims the alerts due; a component first seen here counts as last told `ok`. */
  recordHealth(observations: readonly HealthObservation[], { claimant, leaseMs }: { claimant: string; leaseMs: number }): HealthAlertClaim[] {
    const now = this.now();
    const claims: HealthAlertClaim[] = [];
    for (const o of observations) {
      const previous = this.entries.get(o.component);
      const entry: Entry = {
        alertedStatus: 'ok',
        ...previous,
        status: o.status,
        detail: o.detail ?? null,
        changedAt: previous && previous.status === o.status ? previous.changedAt : new Date(now),
      };
      this.entries.set(o.component, entry);
      const free = !entry.claimedBy || entry.claimedBy === claimant || (entry.claimedUntil ?? 0) < now;
      if (entry.status === entry.alertedStatus || !free) continue;
      entry.claimedBy = claimant;
      entry.claimedUntil = now + leaseMs;
      claims.push({ component: o.component, status: entry.status, alertedStatus: entry.alertedStatus, detail: entry.detail, changedAt: entry.changedAt });
    }
    return claims.sort((a, b) => a.component.localeCompare(b.component));
  }

  /** The admins got these states (whichever process claimed them); kept until the database takes them. */
  confirmAlerted(alerted: readonly HealthAlerted[]): void {
    for (const { component, status } of alerted) {
      const entry = this.entries.get(component);
      if (entry) {
        entry.alertedStatus = status;
        entry.claimedBy = undefined;
        entry.claimedUntil = undefined;
      }
      this.told.set(component, status);
    }
  }

  /** Lets `claimant`'s claims lapse at once: its alert did not go out. */
  release(claimant: string): void {
    for (const entry of this.entries.values()) {
      if (entry.claimedBy === claimant) {
        entry.claimedBy = undefined;
        entry.claimedUntil = undefined;
      }
    }
  }

  /** What the admins were told while the database was away, for the database to adopt. */
  toldWhileAway(): HealthAlerted[] {
    return [...this.told].map(([component, status]) => ({ component, status }));
  }

  /** Forgets everything: the database is the ledger again. */
  clear(): void {
    this.entries.clear();
    this.told.clear();
  }
}
