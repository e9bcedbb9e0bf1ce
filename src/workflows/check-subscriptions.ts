import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SubscriptionActivities } from '../activities/monitoring/subscription-activities';
import type { NotificationActivities } from '../activities/telegram/notification-activities';
import { NON_RETRYABLE_TELEGRAM_FAILURES } from '../common/failure-types';
import {
  DEFAULT_WARN_DAYS_BEFORE,
  type CheckSubscriptionsInput,
  type CheckSubscriptionsResult,
  type NoticeOutcomes,
  type SubscriptionNoticeRef,
} from '../common/subscription-check';
import type { SubscriptionNoticeKind } from '../common/subscription-check';
import { monitoringJobActivity, notifyActivity } from './activity-options';
import { failureReason } from './failure-reason';
import { monitoringInput, parseMonitoringInput, wholeNumber } from './monitoring-input';

const db = proxyActivities<SubscriptionActivities>(monitoringJobActivity);
const notify = proxyActivities<NotificationActivities>(notifyActivity);

/** Notices sent at once; the notifications queue's rate limit paces them further. */
const NOTICES_AT_ONCE = 10;

/** Telegram refused for good: the user blocked the bot or never started it. */
function refused(err: ActivityFailure): string | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  if (!cause.nonRetryable && !NON_RETRYABLE_TELEGRAM_FAILURES.includes(cause.type ?? '')) return undefined;
  return failureReason(err);
}

/** Sends claimed notices and settles each; one a user can't receive is settled as undeliverable. */
async function sendNotices(
  kind: SubscriptionNoticeKind,
  notices: SubscriptionNoticeRef[],
  send: (notice: SubscriptionNoticeRef) => Promise<unknown>,
  claimant: string,
): Promise<NoticeOutcomes> {
  const outcomes: NoticeOutcomes = { sent: [], undeliverable: [], failed: [] };
  for (let i = 0; i < notices.length; i += NOTICES_AT_ONCE) {
    await Promise.all(
      notices.slice(i, i + NOTICES_AT_ONCE).map(async (notice) => {
        try {
          await send(notice);
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          const detail = refused(err);
          if (detail === undefined) {
            outcomes.failed.push(notice.userId); // the claim lapses and a later run tries again
            return;
          }
          await db.settleSubscriptionNotice({ kind, notice, claimant, outcome: 'undeliverable', detail });
          outcomes.undeliverable.push(notice.userId);
          return;
        }
        await db.settleSubscriptionNotice({ kind, notice, claimant, outcome: 'sent' });
        outcomes.sent.push(notice.userId);
      }),
    );
  }
  for (const ids of [outcomes.sent, outcomes.undeliverable, outcomes.failed]) ids.sort((a, b) => a - b);
  return outcomes;
}

const checkSubscriptionsInputSchema = monitoringInput({ warnDaysBefore: wholeNumber({ fallback: DEFAULT_WARN_DAYS_BEFORE, min: 1, max: 60 }) });

/**
 * The daily subscription check: ends the subscriptions past their end date and tells each user,
 * and warns subscribers whose subscription ends within `warnDaysBefore` days (default 3), once
 * per end date. Notices are claimed in the database before they are sent and settled after, so
 * a second run the same day (or one overlapping this) sends nothing twice, and a notice this run
 * could not deliver is sent by the next one.
 */
export async function checkSubscriptions(input?: CheckSubscriptionsInput): Promise<CheckSubscriptionsResult> {
  const { warnDaysBefore } = parseMonitoringInput('checkSubscriptions', checkSubscriptionsInputSchema, input);
  const { workflowId, runId } = workflowInfo();
  const claimant = `${workflowId}/${runId}`;
  const checkedAt = new Date().toISOString();

  const expiredUserIds = await db.expireEndedSubscriptions(checkedAt);
  const due = await db.claimSubscriptionNotices({ at: checkedAt, warnDaysBefore, claimant });
  const endNotices = await sendNotices('expired', due.ended, (n) => notify.sendSubscriptionEnded(n.userId, n.expiresAt), claimant);
  const warnings = await sendNotices('expiry_warning', due.warnings, (n) => notify.sendSubscriptionWarning(n.userId, n.expiresAt), claimant);

  return {
    checkedAt,
    warnDaysBefore,
    expired: { count: expiredUserIds.length, userIds: expiredUserIds },
    endNotices,
    warnings,
    counts: {
      expired: expiredUserIds.length,
      endNoticesSent: endNotices.sent.length,
      warningsSent: warnings.sent.length,
      undeliverable: endNotices.undeliverable.length + warnings.undeliverable.length,
      failed: endNotices.failed.length + warnings.failed.length,
    },
  };
}
