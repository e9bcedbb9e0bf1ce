/**
 * Gives a sheet the service writes (Analytics, Events) its tab and header row when they are
 * missing, so operators can start from an empty spreadsheet.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { OwnedSheetState, SheetsActivities } from '../activities/sheets/sheets-activities';
import type { OwnedSheet } from '../common/sheets';
import { sheetsActivity } from './activity-options';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);

/** Adds the tab if it is missing and writes the header row if there is none. */
export async function prepareOwnedSheet(sheet: OwnedSheet, state: OwnedSheetState['state']): Promise<void> {
  if (state === 'missing') await sheets.addOwnedSheet(sheet);
  if (state !== 'ready') await sheets.writeOwnedHeader(sheet);
}
