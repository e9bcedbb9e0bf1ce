import { proxyActivities } from '@temporalio/workflow';
import type { CleanupActivities } from '../activities/monitoring/cleanup-activities';
import { CLEANUP_TABLES, DEFAULT_CLEANUP_BATCH_SIZE, DEFAULT_KEEP_DAYS, type CleanupInput, type CleanupResult, type RetentionTable, type TableCleanup } from '../common/cleanup';
import { cleanupActivity } from './activity-options';
import { z } from 'zod';
import { monitoringInput, parseMonitoringInput, wholeNumber } from './monitoring-input';

const { deleteRowsBefore } = proxyActivities<CleanupActivities>(cleanupActivity);

const DAY_MS = 24 * 3_600_000;

const keepFor = (table: RetentionTable) => wholeNumber({ fallback: DEFAULT_KEEP_DAYS[table], min: 1, max: 3650 });

/** Days to keep per table: the defaults, overridden by the input's; a table we don't have is refused. */
const keepDaysSchema = z.preprocess(
  (value) => value ?? {},
  z
    .looseObject(
      { posts: keepFor('posts'), events: keepFor('events'), stats_snapshots: keepFor('stats_snapshots') } satisfies Record<RetentionTable, unknown>,
      { error: (issue) => `expected an object of days per table, got ${JSON.stringify(issue.input)}` },
    )
    .superRefine((days, ctx) => {
      const unknown = Object.keys(days).filter((k) => !(CLEANUP_TABLES as readonly string[]).includes(k));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown table(s) ${unknown.join(', ')}; tables: ${CLEANUP_TABLES.join(', ')}` });
    }),
);

const cleanupInputSchema = monitoringInput({
  keepDays: keepDaysSchema,
  batchSize: wholeNumber({ fallback: DEFAULT_CLEANUP_BATCH_SIZE, min: 1, max: 10_000 }),
});

/**
 * The nightly cleanup: deletes the rows of each table older than its retention (by default
 * posts 90 days, events 30, stats snapshots 30), in batches, and reports what went. Cut-offs are
 * taken from the run's start, so a retried table deletes against the same date.
 */
export async function cleanup(input?: CleanupInput): Promise<CleanupResult> {
  const { keepDays, batchSize } = parseMonitoringInput('cleanup', cleanupInputSchema, input);
  const now = Date.now();
  const tables: TableCleanup[] = [];
  for (const table of CLEANUP_TABLES) {
    const before = new Date(now - keepDays[table] * DAY_MS).toISOString();
    const { deleted, batches } = await deleteRowsBefore({ table, before, batchSize });
    tables.push({ table, keepDays: keepDays[table], before, deleted, batches });
  }
  return { deleted: tables.reduce((sum, t) => sum + t.deleted, 0), tables };
}
