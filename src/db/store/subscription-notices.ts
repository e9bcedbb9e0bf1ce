/**
 * Subscription notices, one per user, kind and end date: the warning before a subscription
 * ends and the notice that it ended. A run claims a notice before sending it and settles it
 * after, so a user hears each notice once even when two runs overlap or one is retried; a claim
 * whose run died lapses, so the next run sends the notice instead of losing it. A renewal moves
 * the end date, which makes a new notice.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../schema';
import { dbNow } from './sql-time';
import type { SubscriptionNoticeKind, SubscriptionNoticeOutcome } from '../../common/subscription-check';
import type { Subscriber } from './subscribers';


/** What a notice is about: a user's subscription ending at `expiresAt`. */
export interface SubscriptionNotice {
  telegramUserId: number;
  kind: SubscriptionNoticeKind;
  expiresAt: Date;
}


/** The subscription notice operations of the store. */
export interface SubscriptionNoticeStore {
  /** Subscriptions processed as expired whose end notice is not settled yet, soonest ended first. */
  expiredWithoutNotice(): Promise<Pick<Subscriber, 'telegramUserId' | 'expiresAt'>[]>;
  /**
   * Claims the given notices for `claimant`, for `leaseMs`, and returns those it got: not
   * settled, and not held by another run whose claim is still running.
   */
  claimSubscriptionNotices(notices: readonly SubscriptionNotice[], options: { claimant: string; leaseMs: number }): Promise<SubscriptionNotice[]>;
  /** Settles a notice `claimant` holds; false when it was settled already or the claim is not (or no longer) its own. */
  settleSubscriptionNotice(notice: SubscriptionNotice, options: { claimant: string; outcome: SubscriptionNoticeOutcome; detail?: string }): Promise<boolean>;
}

/** Builds the subscription notice operations over `db`. */
export function createSubscriptionNoticeStore(db: Kysely<DatabaseSchema>): SubscriptionNoticeStore {
  return {
    async expiredWithoutNotice() {
      const rows = await db
        .selectFrom('subscribers as s')
        .select(['s.telegram_user_id', 's.expires_at'])
        .where('s.expired_at', 'is not', null)
        .where('s.expires_at', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('subscription_notices as n')
                .select('n.telegram_user_id')
                .whereRef('n.telegram_user_id', '=', 's.telegram_user_id')
                .whereRef('n.expires_at', '=', 's.expires_at')
                .where('n.kind', '=', 'expired')
                .where('n.outcome', 'is not', null),
            ),
          ),
        )
        .orderBy('s.expires_at')
        .orderBy('s.telegram_user_id')
        .execute();
      return rows.map((r) => ({ telegramUserId: r.telegram_user_id, expiresAt: r.expires_at }));
    },

    async claimSubscriptionNotices(notices, { claimant, leaseMs }) {
      if (notices.length === 0) return [];
      const rows = await db
        .insertInto('subscription_notices')
        .values(
          notices.map((n) => ({
            telegram_user_id: n.telegramUserId,
            kind: n.kind,
            expires_at: n.expiresAt,
            claimed_by: claimant,
            claimed_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['telegram_user_id', 'kind', 'expires_at'])
            .doUpdateSet((eb) => ({ claimed_by: eb.ref('excluded.claimed_by'), claimed_until: eb.ref('excluded.claimed_until') }))
            .where('subscription_notices.outcome', 'is', null)
            .where((eb) =>
              eb.or([
                eb('subscription_notices.claimed_by', 'is', null),
                eb('subscription_notices.claimed_by', '=', claimant),
                eb('subscription_notices.claimed_until', '<', dbNow()),
              ]),
            ),
        )
        .returning(['telegram_user_id', 'kind', 'expires_at'])
        .execute();
      return rows
        .map((r) => ({ telegramUserId: r.telegram_user_id, kind: r.kind, expiresAt: r.expires_at }))
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.telegramUserId - b.telegramUserId);
    },

    async settleSubscriptionNotice(notice, { claimant, outcome, detail }) {
      const result = await db
        .updateTable('subscription_notices')
        .set({ outcome, detail: detail ?? null, settled_at: dbNow(), claimed_until: null })
        .where('telegram_user_id', '=', notice.telegramUserId)
        .where('kind', '=', notice.kind)
        .where('expires_at', '=', notice.expiresAt)
        .where('claimed_by', '=', claimant)
        .where('outcome', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
