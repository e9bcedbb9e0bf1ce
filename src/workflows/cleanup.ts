import { proxyActivities } from '@temporalio/workflow';
import type { CleanupActivities } from '../activities/monitoring/cleanup-activities';
import { CLEANUP_TABLES, DEFAULT_CLEANUP_BATCH_SIZE, DEFAULT_KEEP_DAYS, type CleanupInput, type CleanupResult, type RetentionTable, type TableCleanup } from '../common/cleanup';
import { cleanupActivity } from './activity-options';
import { inputObject, invalidInput, wholeNumber } from './monitoring-input';

const { deleteRowsBefore } = proxyActivities<CleanupActivities>(cleanupActivity);

const DAY_MS = 24 * 3_600_000;

/** Days to keep per table: the defaults, overridden by the input's. */
function keepDaysOf(value: unknown): Record<RetentionTable, number> {
  if (value === undefined || value === null) return { ...DEFAULT_KEEP_DAYS };
  if (typeof value !== 'object' || Array.isArray(value)) invalidInput('cleanup', `keepDays: expected an object of days per table, got ${JSON.stringify(value)}`);
  const given = value as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !(CLEANUP_TABLES as readonly string[]).includes(k));
  if (unknown.length > 0) invalidInput('cleanup', `keepDays: unknown table(s) ${unknown.join(', ')}; tables: ${CLEANUP_TABLES.join(', ')}`);
  const days = { ...DEFAULT_KEEP_DAYS };
  for (const table of CLEANUP_TABLES) {
    days[table] = wholeNumber('cleanup', `keepDays.${table}`, given[table], { fallback: DEFAULT_KEEP_DAYS[table], min: 1, max: 3650 });
  }
  return days;
}

/**
 * The nightly cleanup: deletes the rows of each table older than its retention (by default
 * posts 90 days, events 30, stats snapshots 30), in batches, and reports what went. Cut-offs are
 * taken from the run's start, so a retried table deletes against the same date.
 */
export async function cleanup(input?: CleanupInput): Promise<CleanupResult> {
  const fields = inputObject('cleanup', input);
  const keepDays = keepDaysOf(fields.keepDays);
  const batchSize = wholeNumber('cleanup', 'batchSize', fields.batchSize, { fallback: DEFAULT_CLEANUP_BATCH_SIZE, min: 1, max: 10_000 });
  const now = Date.now();
  const tables: TableCleanup[] = [];
  for (const table of CLEANUP_TABLES) {
    const before = new Date(now - keepDays[table] * DAY_MS).toISOString();
    const { deleted, batches } = await deleteRowsBefore({ table, before, batchSize });
    tables.push({ table, keepDays: keepDays[table], before, deleted, batches });
  }
  return { deleted: tables.reduce((sum, t) => sum + t.deleted, 0), tables };
}
