/**
 * The database side of the daily subscription check: end the subscriptions past their end date,
 * and hand out the notices due (the end notice, the warning before the end) as claims, so each
 * user hears each notice once however often the check runs, and settle them once sent. The
 * messages themselves go out on the notifications queue.
 */
import type { DueSubscriptionNotices, SubscriptionNoticeRef } from '../../common/subscription-check';
import type { Store, SubscriptionNotice } from '../../db';
import type { SubscriptionNoticeKind, SubscriptionNoticeOutcome } from '../../common/subscription-check';
import { parseJobTime } from './job-time';

/** How long a run holds the notices it claimed: longer than the check may run (its schedule allows 1 h). */
export const SUBSCRIPTION_NOTICE_LEASE_MS = 2 * 3_600_000;

const DAY_MS = 24 * 3_600_000;

/** The subscriber and notice parts of the store, and how long a claim holds. */
export interface SubscriptionActivityDeps {
  store: Pick<Store, 'expireEndedSubscriptions' | 'subscriptionsExpiringBefore' | 'expiredWithoutNotice' | 'claimSubscriptionNotices' | 'settleSubscriptionNotice' | 'recordEvent'>;
  leaseMs?: number;
}

/** Which notices to claim, at which time, for which run. */
export interface ClaimNoticesInput {
  /** ISO time of the check. */
  at: string;
  warnDaysBefore: number;
  claimant: string;
}

/** A sent (or refused) notice to settle. */
export interface SettleNoticeInput {
  kind: SubscriptionNoticeKind;
  notice: SubscriptionNoticeRef;
  claimant: string;
  outcome: SubscriptionNoticeOutcome;
  /** Why Telegram refused it. */
  detail?: string;
}

const toRef = (n: SubscriptionNotice): SubscriptionNoticeRef => ({ userId: n.telegramUserId, expiresAt: n.expiresAt.toISOString() });

/** The subscription check's database steps over the given store. */
export function createSubscriptionActivities({ store, leaseMs = SUBSCRIPTION_NOTICE_LEASE_MS }: SubscriptionActivityDeps) {
  return {
    /** Marks the subscriptions ended by `at` as expired, each once; returns their user ids. */
    async expireEndedSubscriptions(at: string): Promise<number[]> {
      const ended = await store.expireEndedSubscriptions(parseJobTime(at, 'at'));
      for (const s of ended) {
        await store.recordEvent({ type: 'subscription.expired', userId: s.telegramUserId, payload: { plan: s.plan, expiresAt: s.expiresAt?.toISOString() } });
      }
      return ended.map((s) => s.telegramUserId);
    },

    /**
     * Claims the notices due at `at`: an end notice for every expired subscription whose notice
     * is not settled, and a warning for every subscription ending within `warnDaysBefore` days
     * not yet warned about that end date. Notices another run holds are left out.
     */
    async claimSubscriptionNotices({ at, warnDaysBefore, claimant }: ClaimNoticesInput): Promise<DueSubscriptionNotices> {
      const now = parseJobTime(at, 'at');
      const ended: SubscriptionNotice[] = (await store.expiredWithoutNotice()).flatMap((s) =>
        s.expiresAt ? [{ telegramUserId: s.telegramUserId, kind: 'expired' as const, expiresAt: s.expiresAt }] : [],
      );
      const ending: SubscriptionNotice[] = (await store.subscriptionsExpiringBefore(new Date(now.getTime() + warnDaysBefore * DAY_MS), { after: now })).flatMap((s) =>
        s.expiresAt ? [{ telegramUserId: s.telegramUserId, kind: 'expiry_warning' as const, expiresAt: s.expiresAt }] : [],
      );
      const claimed = await store.claimSubscriptionNotices([...ended, ...ending], { claimant, leaseMs });
      return {
        ended: claimed.filter((n) => n.kind === 'expired').map(toRef),
        warnings: claimed.filter((n) => n.kind === 'expiry_warning').map(toRef),
      };
    },

    /** Records a notice's outcome, so it is not sent again; the event log shows it too. */
    async settleSubscriptionNotice({ kind, notice, claimant, outcome, detail }: SettleNoticeInput): Promise<boolean> {
      const key: SubscriptionNotice = { telegramUserId: notice.userId, kind, expiresAt: parseJobTime(notice.expiresAt, 'notice.expiresAt') };
      const settled = await store.settleSubscriptionNotice(key, { claimant, outcome, detail });
      if (settled) {
        await store.recordEvent({ type: kind === 'expired' ? 'subscription.end_notice' : 'subscription.expiry_warning', userId: notice.userId, payload: { expiresAt: notice.expiresAt, outcome, ...(detail ? { detail } : {}) } });
      }
      return settled;
    },
  };
}

/** The subscription check's database steps as workflows proxy them (`import type`). */
export type SubscriptionActivities = ReturnType<typeof createSubscriptionActivities>;
