/**
 * Subscribers: the Subscribers sheet says who paid for which plan until when; the bot reveals
 * a seller's contacts only to an active subscription, and the daily check ends the expired
 * ones and warns those about to end.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { ADVISORY_LOCK, lockForTransaction } from '../advisory-locks';
import type { DatabaseSchema, SubscribersTable } from '../schema';
import { ignoredEmptyList, planReplace, type ReplaceOptions, type ReplaceResult } from './replace-plan';
import { dbNow } from './sql-time';

/** A row of the Subscribers sheet. */
export interface SubscriberRow {
  telegramUserId: number;
  username?: string | null;
  plan?: string | null;
  /** Null or absent: no end date. */
  expiresAt?: Date | null;
  /** Default true. */
  active?: boolean;
  notes?: string | null;
}

/** A subscriber as the bot and the daily check see them. */
export interface Subscriber {
  telegramUserId: number;
  username: string | null;
  plan: string | null;
  expiresAt: Date | null;
  /** Listed as active in the sheet (whether or not the subscription has ended). */
  active: boolean;
  notes: string | null;
  /** When the end of the subscription was processed; cleared when the sheet extends it. */
  expiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The subscriber operations of the store. */
export interface SubscriberStore {
  /**
   * Makes the stored list match the sheet, like `replaceChannels`; keys in the result are
   * Telegram user ids. A changed end date counts as a renewal and re-arms the expiry notice.
   */
  replaceSubscribers(rows: readonly SubscriberRow[], options?: ReplaceOptions): Promise<ReplaceResult<number>>;
  getSubscriber(telegramUserId: number): Promise<Subscriber | undefined>;
  /** Whether the user may see sellers' contacts at `now`: listed active and not past the end date. */
  hasActiveSubscription(telegramUserId: number, now?: Date): Promise<boolean>;
  /**
   * Active subscriptions ending before `before` and not yet processed as expired, soonest
   * first; with `after`, only those ending at or after it (the "ends in N days" warning).
   */
  subscriptionsExpiringBefore(before: Date, options?: { after?: Date }): Promise<Subscriber[]>;
  /** Marks the subscriptions that ended by `now` as expired and returns them, each only once. */
  expireEndedSubscriptions(now?: Date): Promise<Subscriber[]>;
}

type SubscriberFields = Pick<Selectable<SubscribersTable>, 'username' | 'plan' | 'expires_at' | 'active' | 'notes'>;

/** Builds the subscriber operations over `db`. */
export function createSubscriberStore(db: Kysely<DatabaseSchema>): SubscriberStore {
  return {
    async replaceSubscribers(rows, { allowDeactivateAll = false } = {}) {
      const incoming = new Map<number, SubscriberFields>(
        rows.map((r) => [
          r.telegramUserId,
          {
            username: r.username ?? null,
            plan: r.plan ?? null,
            expires_at: r.expiresAt ?? null,
            active: r.active ?? true,
            notes: r.notes ?? null,
          },
        ]),
      );
      if (incoming.size === 0 && !allowDeactivateAll) return ignoredEmptyList();

      return db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, ADVISORY_LOCK.subscribersSync);
        const stored = await trx
          .selectFrom('subscribers')
          .select(['telegram_user_id', 'username', 'plan', 'expires_at', 'active', 'notes'])
          .execute();
        const plan = planReplace(
          new Map(stored.map(({ telegram_user_id, ...fields }) => [telegram_user_id, fields])),
          incoming,
          sameSubscriber,
        );

        if (plan.upsert.length > 0) {
          await trx
            .insertInto('subscribers')
            .values(plan.upsert.map((id) => ({ telegram_user_id: id, ...incoming.get(id)! })))
            .onConflict((oc) =>
              oc.column('telegram_user_id').doUpdateSet((eb) => ({
                username: eb.ref('excluded.username'),
                plan: eb.ref('excluded.plan'),
                expires_at: eb.ref('excluded.expires_at'),
                active: eb.ref('excluded.active'),
                notes: eb.ref('excluded.notes'),
                // Decided against the row as it is now, not as read above: an expiry being
                // processed meanwhile must not be undone unless the end date really moved.
                expired_at: sql<Date | null>`case when ${sql.ref('subscribers.expires_at')} is distinct from ${sql.ref('excluded.expires_at')} then null else ${sql.ref('subscribers.expired_at')} end`,
                updated_at: dbNow(),
              })),
            )
            .execute();
        }
        if (plan.deactivate.length > 0) {
          await trx
            .updateTable('subscribers')
            .set({ active: false, updated_at: dbNow() })
            .where('telegram_user_id', 'in', plan.deactivate)
            .execute();
        }
        return plan.result;
      });
    },

    async getSubscriber(telegramUserId) {
      const row = await db.selectFrom('subscribers').selectAll().where('telegram_user_id', '=', telegramUserId).executeTakeFirst();
      return row && toSubscriber(row);
    },

    async hasActiveSubscription(telegramUserId, now = new Date()) {
      const row = await db
        .selectFrom('subscribers')
        .select('telegram_user_id')
        .where('telegram_user_id', '=', telegramUserId)
        .where('active', '=', true)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return row !== undefined;
    },

    async subscriptionsExpiringBefore(before, { after } = {}) {
      let query = db
        .selectFrom('subscribers')
        .selectAll()
        .where('active', '=', true)
        .where('expired_at', 'is', null)
        .where('expires_at', '<', before);
      if (after) query = query.where('expires_at', '>=', after);
      const rows = await query.orderBy('expires_at').orderBy('telegram_user_id').execute();
      return rows.map(toSubscriber);
    },

    async expireEndedSubscriptions(now = new Date()) {
      const rows = await db
        .updateTable('subscribers')
        .set({ expired_at: now, updated_at: dbNow() })
        .where('active', '=', true)
        .where('expired_at', 'is', null)
        .where('expires_at', '<=', now)
        .returningAll()
        .execute();
      return rows.map(toSubscriber).sort((a, b) => a.telegramUserId - b.telegramUserId);
    },
  };
}

function sameSubscriber(a: SubscriberFields, b: SubscriberFields): boolean {
  return (
    a.username === b.username &&
    a.plan === b.plan &&
    a.active === b.active &&
    a.notes === b.notes &&
    (a.expires_at?.getTime() ?? null) === (b.expires_at?.getTime() ?? null)
  );
}

function toSubscriber(row: Selectable<SubscribersTable>): Subscriber {
  return {
    telegramUserId: row.telegram_user_id,
    username: row.username,
    plan: row.plan,
    expiresAt: row.expires_at,
    active: row.active,
    notes: row.notes,
    expiredAt: row.expired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
