/**
 * The alerting step of the health check: tell the admins what changed since they were last told,
 * once. Where the previous states live (the database, or the worker's memory while the
 * database is down) is the activities' business; this step claims the due alerts, sends one
 * message, and confirms it, or releases the claims when it could not be sent so the next check
 * sends it.
 */
import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HealthStateActivities } from '../activities/monitoring/health-state-activities';
import type { NotificationActivities } from '../activities/telegram/notification-activities';
import type { ComponentHealth, HealthAlerts, HealthChange } from '../common/health';
import { healthAlertActivity, monitoringActivity } from './activity-options';
import { failureReason } from './failure-reason';

const ledger = proxyActivities<HealthStateActivities>(monitoringActivity);
const { notifyAdmins } = proxyActivities<NotificationActivities>(healthAlertActivity);

/** `2026-11-20T09:12:31.000Z` → `2026-11-20 09:12 UTC`. */
const minute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The admins' message: one line per change, the outages first. */
export function healthAlertText(changes: readonly HealthChange[]): string {
  const lines = [...changes]
    .sort((a, b) => (a.to === b.to ? a.component.localeCompare(b.component) : a.to === 'down' ? -1 : 1))
    .map((c) => {
      if (c.component === 'failures') return c.to === 'down' ? `• Posts are failing since ${minute(c.since)}${c.detail ? `: ${c.detail}` : ''}` : `• Post failures are back under the threshold since ${minute(c.since)}`;
      return c.to === 'down' ? `• ${c.component} is DOWN since ${minute(c.since)}${c.detail ? `: ${c.detail}` : ''}` : `• ${c.component} is OK again since ${minute(c.since)}`;
    });
  return [`Health check: ${changes.length === 1 ? '1 change' : `${changes.length} changes`}`, ...lines].join('\n');
}

/** Alerts the admins about changes in `checks` that no other check is already announcing. */
export async function alertOnChanges(checks: ComponentHealth[]): Promise<HealthAlerts> {
  const { workflowId, runId } = workflowInfo();
  const claimant = `${workflowId}/${runId}`;
  let noted;
  try {
    noted = await ledger.noteHealth({ checks, claimant });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { ledger: 'none', changes: [], sent: false, error: failureReason(err) };
  }
  const settle = { claimant, ledger: noted.ledger, changes: noted.changes };
  if (noted.changes.length === 0) return { ledger: noted.ledger, changes: [], sent: false };

  let recipients: number;
  try {
    recipients = await notifyAdmins(healthAlertText(noted.changes));
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    try {
      await ledger.releaseHealthAlerts(settle);
    } catch (releaseErr) {
      if (!(releaseErr instanceof ActivityFailure)) throw releaseErr; // the claims lapse with their lease instead
    }
    return { ledger: noted.ledger, changes: noted.changes, sent: false, error: failureReason(err) };
  }
  try {
    await ledger.confirmHealthAlerts(settle);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // Sent but not recorded: the claims lapse with their lease and a later check may repeat it.
    return { ledger: noted.ledger, changes: noted.changes, sent: true, recipients, error: `sent, not recorded: ${failureReason(err)}` };
  }
  return { ledger: noted.ledger, changes: noted.changes, sent: true, recipients };
}
