import { proxyActivities } from '@temporalio/workflow';
import type { SheetsActivities } from '../activities/sheets/sheets-activities';
import type { SheetSyncActivities } from '../activities/sheets/sheet-sync-activities';
import type { UpdateAnalyticsInput, UpdateAnalyticsResult } from '../common/sheets';
import { databaseActivity, sheetsActivity } from './activity-options';
import { prepareOwnedSheet } from './owned-sheet';
import { checkAnalyticsInput } from './sheets-job-input';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);
const db = proxyActivities<SheetSyncActivities>(databaseActivity);

/**
 * Writes a day's figures to the Analytics sheet, one row per day: the hourly run overwrites the
 * day's row while the day goes on (never a second row for it), and the run after midnight
 * completes the previous day.
 */
export async function updateAnalytics(input?: UpdateAnalyticsInput): Promise<UpdateAnalyticsResult> {
  const { day } = checkAnalyticsInput(input);
  const { period, cells } = await db.analyticsRowFor({ day, at: new Date().toISOString() });
  const found = await sheets.inspectOwnedSheet('analytics', period);
  await prepareOwnedSheet('analytics', found.state);
  if (found.row !== undefined) {
    await sheets.updateOwnedRow('analytics', found.row, cells);
    return { period, action: 'updated', row: found.row, cells };
  }
  const appended = await sheets.appendOwnedRows('analytics', [cells]);
  return { period, action: 'appended', row: appended.lastRow, cells };
}
