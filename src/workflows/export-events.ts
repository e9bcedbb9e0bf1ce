import { proxyActivities } from '@temporalio/workflow';
import type { SheetsActivities } from '../activities/sheets/sheets-activities';
import type { SheetSyncActivities } from '../activities/sheets/sheet-sync-activities';
import type { ExportEventsInput, ExportEventsResult } from '../common/sheets';
import { databaseActivity, sheetsActivity } from './activity-options';
import { prepareOwnedSheet } from './owned-sheet';
import { checkExportInput } from './sheets-job-input';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);
const db = proxyActivities<SheetSyncActivities>(databaseActivity);

/**
 * Copies the event log to the Events sheet in batches: one append request per batch, not one
 * per event, so the log fits the Sheets quota. A batch is marked exported only after its append
 * succeeded; a failed append is retried with the same rows (and a retry skips rows a lost
 * answer already wrote), so no event is lost or written twice. Run one at a time (the
 * schedule's overlap policy does that).
 */
export async function exportEvents(input?: ExportEventsInput): Promise<ExportEventsResult> {
  const { batchSize, maxBatches } = checkExportInput(input);
  let exported = 0;
  let batches = 0;
  let prepared = false;
  while (batches < maxBatches) {
    const batch = await db.pendingEventRows(batchSize);
    if (batch.ids.length === 0) return { exported, batches, more: false };
    if (!prepared) {
      await prepareOwnedSheet('events', (await sheets.inspectOwnedSheet('events')).state);
      prepared = true;
    }
    await sheets.appendOwnedRows('events', batch.rows);
    await db.markEventsExported(batch.ids);
    exported += batch.ids.length;
    batches += 1;
    if (batch.ids.length < batchSize) return { exported, batches, more: false };
  }
  const next = await db.pendingEventRows(1);
  return { exported, batches, more: next.ids.length > 0 };
}
