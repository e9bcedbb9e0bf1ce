import { proxyActivities } from '@temporalio/workflow';
import type { SheetsActivities } from '../activities/sheets/sheets-activities';
import type { SheetSyncActivities } from '../activities/sheets/sheet-sync-activities';
import type { SubscriberSyncResult, SyncSheetInput } from '../common/sheets';
import { databaseActivity, sheetsActivity } from './activity-options';
import { checkSyncInput } from './sheets-job-input';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);
const db = proxyActivities<SheetSyncActivities>(databaseActivity);

/**
 * The Subscribers sheet says who paid for which plan until when: read it and make the database
 * match, so contacts go only to paying users. A row with an unknown plan, an unreadable date
 * or a non-numeric id is reported and leaves that subscriber as stored; an empty or missing
 * sheet changes nothing unless `allowEmpty` says it is meant.
 */
export async function syncSubscribers(input?: SyncSheetInput): Promise<SubscriberSyncResult> {
  const { allowEmpty } = checkSyncInput('syncSubscribers', input);
  const sheet = await sheets.readSubscribersSheet();
  return db.applySubscribersSheet({ sheet, allowEmpty });
}
