/**
 * Health state between checks: what each component looked like last, and what the admins were
 * last told about it. An alert is due while the two differ; a check *claims* the due alert for a
 * while before sending it, so two checks running at once (the schedule's and an admin's) never
 * both send it, and a claim whose sender died or failed lapses, so no alert is lost.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DatabaseSchema, HealthStatesTable } from '../schema';
import { dbNow } from './sql-time';

/** A component's state as one check saw it. */
export interface HealthObservation {
  component: string;
  status: 'ok' | 'down';
  /** Why it is down; never contains credentials. */
  detail?: string | null;
}

/** A due alert held by one check: the state to announce and the one the admins know. */
export interface HealthAlertClaim {
  component: string;
  status: 'ok' | 'down';
  /** What the admins were last told (`ok` for a component never reported). */
  alertedStatus: 'ok' | 'down';
  detail: string | null;
  /** When the component entered `status`. */
  changedAt: Date;
}

/** An alert the admins received: `component` is now known to them as `status`. */
export interface HealthAlerted {
  component: string;
  status: 'ok' | 'down';
}

/** The health state operations of the store. */
export interface HealthStateStore {
  /**
   * Records what a check saw and claims for `claimant`, for `leaseMs`, every observed component
   * whose state differs from what the admins were told, unless another check holds it.
   */
  recordHealth(observations: readonly HealthObservation[], options: { claimant: string; leaseMs: number }): Promise<HealthAlertClaim[]>;
  /** The admins got `claimant`'s alert: they now know these states. Claims of others are left alone. */
  confirmHealthAlerts(claimant: string, alerted: readonly HealthAlerted[]): Promise<number>;
  /** `claimant`'s alert did not go out: its claims lapse at once, so the next check sends it. */
  releaseHealthAlerts(claimant: string): Promise<number>;
  /** Alerts sent while the database was unreachable: the admins know these states, whoever claimed them. */
  adoptHealthAlerts(alerted: readonly HealthAlerted[]): Promise<void>;
}

/** Builds the health state operations over `db`. */
export function createHealthStateStore(db: Kysely<DatabaseSchema>): HealthStateStore {
  return {
    async recordHealth(observations, { claimant, leaseMs }) {
      if (observations.length === 0) return [];
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('health_states')
          .values(observations.map((o) => ({ component: o.component, status: o.status, detail: o.detail ?? null, observed_at: dbNow(), changed_at: dbNow() })))
          .onConflict((oc) =>
            oc.column('component').doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              detail: eb.ref('excluded.detail'),
              observed_at: eb.ref('excluded.observed_at'),
              changed_at: sql<Date>`case when ${sql.ref('health_states.status')} = ${sql.ref('excluded.status')} then ${sql.ref('health_states.changed_at')} else ${sql.ref('excluded.observed_at')} end`,
            })),
          )
          .execute();
        const rows = await trx
          .updateTable('health_states')
          .set({ alert_claimed_by: claimant, alert_claimed_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
          .where('component', 'in', observations.map((o) => o.component))
          .whereRef('alerted_status', '<>', 'status')
          .where((eb) => eb.or([eb('alert_claimed_by', 'is', null), eb('alert_claimed_by', '=', claimant), eb('alert_claimed_until', '<', dbNow())]))
          .returningAll()
          .execute();
        return rows.map(toClaim).sort((a, b) => a.component.localeCompare(b.component));
      });
    },

    async confirmHealthAlerts(claimant, alerted) {
      let confirmed = 0;
      for (const { component, status } of alerted) {
        const result = await db
          .updateTable('health_states')
          .set({ alerted_status: status, alerted_at: dbNow(), alert_claimed_by: null, alert_claimed_until: null })
          .where('component', '=', component)
          .where('alert_claimed_by', '=', claimant)
          .executeTakeFirst();
        confirmed += Number(result.numUpdatedRows);
      }
      return confirmed;
    },

    async releaseHealthAlerts(claimant) {
      const result = await db
        .updateTable('health_states')
        .set({ alert_claimed_by: null, alert_claimed_until: null })
        .where('alert_claimed_by', '=', claimant)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async adoptHealthAlerts(alerted) {
      if (alerted.length === 0) return;
      await db
        .insertInto('health_states')
        .values(alerted.map(({ component, status }) => ({ component, status, alerted_status: status, alerted_at: dbNow() })))
        .onConflict((oc) =>
          oc.column('component').doUpdateSet((eb) => ({
            alerted_status: eb.ref('excluded.alerted_status'),
            alerted_at: eb.ref('excluded.alerted_at'),
            alert_claimed_by: null,
            alert_claimed_until: null,
          })),
        )
        .execute();
    },
  };
}

function toClaim(row: Selectable<HealthStatesTable>): HealthAlertClaim {
  return { component: row.component, status: row.status, alertedStatus: row.alerted_status, detail: row.detail, changedAt: row.changed_at };
}
