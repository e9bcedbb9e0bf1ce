/**
 * Inputs and results of `checkSubscriptions`, the daily job that ends expired subscriptions and
 * warns subscribers before theirs ends. Shared by the workflow, its activities and the starters.
 */

/** `expiry_warning`: the subscription ends soon; `expired`: it has ended. */
export type SubscriptionNoticeKind = 'expiry_warning' | 'expired';

/** `sent`: the user got it; `undeliverable`: Telegram refused it for good (blocked bot, no chat). */
export type SubscriptionNoticeOutcome = 'sent' | 'undeliverable';

/** Days before the end date a subscriber is warned, unless the run says otherwise. */
export const DEFAULT_WARN_DAYS_BEFORE = 3;

/** Input of `checkSubscriptions`; the schedule passes none, so everything has a default. */
export interface CheckSubscriptionsInput {
  /** Warn subscriptions ending within this many days (default 3); a whole number from 1 to 60. */
  warnDaysBefore?: number;
}

/** One notice to send: whose subscription, ending when (ISO time). */
export interface SubscriptionNoticeRef {
  userId: number;
  expiresAt: string;
}

/** Notices claimed by one run: the ended subscriptions to tell, and the ones to warn. */
export interface DueSubscriptionNotices {
  ended: SubscriptionNoticeRef[];
  warnings: SubscriptionNoticeRef[];
}

/** What happened to one kind of notice, by user id. */
export interface NoticeOutcomes {
  sent: number[];
  /** Telegram refused for good (the user blocked the bot or never started it): not tried again. */
  undeliverable: number[];
  /** Not delivered this time (Telegram unreachable): the next run tries again. */
  failed: number[];
}

/** What a run did, with counts for a glance and user ids to follow up. */
export interface CheckSubscriptionsResult {
  checkedAt: string;
  warnDaysBefore: number;
  /** Subscriptions this run found ended and marked expired. */
  expired: { count: number; userIds: number[] };
  /** "Your subscription ended" messages (this run's expiries and any a previous run could not deliver). */
  endNotices: NoticeOutcomes;
  /** "Your subscription ends soon" messages, one per user and end date. */
  warnings: NoticeOutcomes;
  counts: { expired: number; endNoticesSent: number; warningsSent: number; undeliverable: number; failed: number };
}
