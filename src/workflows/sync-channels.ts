import { proxyActivities } from '@temporalio/workflow';
import type { SheetsActivities } from '../activities/sheets/sheets-activities';
import type { SheetSyncActivities } from '../activities/sheets/sheet-sync-activities';
import type { ChannelSyncResult, SyncSheetInput } from '../common/sheets';
import { databaseActivity, sheetsActivity } from './activity-options';
import { checkSyncInput } from './sheets-job-input';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);
const db = proxyActivities<SheetSyncActivities>(databaseActivity);

/**
 * The Channels sheet is the operators' list of source channels: read it (one request on the
 * rate-limited sheets queue) and make the database match, so intake watches exactly what the
 * sheet says. Bad rows are reported with their row numbers and left as they were; an empty or
 * missing sheet changes nothing unless `allowEmpty` says it is meant.
 */
export async function syncChannels(input?: SyncSheetInput): Promise<ChannelSyncResult> {
  const { allowEmpty } = checkSyncInput('syncChannels', input);
  const sheet = await sheets.readChannelsSheet();
  return db.applyChannelsSheet({ sheet, allowEmpty });
}
