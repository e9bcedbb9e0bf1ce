/**
 * Deleting rows past their retention, one table per call, in batches. The activity heartbeats
 * after every batch with the rows deleted so far: a worker that dies mid-table is noticed within
 * the heartbeat timeout, the retry starts from the rows still left and adds to the count the
 * heartbeat carried, and a cancelled run stops between batches.
 */
import { CancelledFailure, Context } from '@temporalio/activity';
import type { DeleteRowsInput, DeletedRows } from '../../common/cleanup';
import type { Store } from '../../db';
import { parseJobTime } from './job-time';

/** Cleanup needs only the store's batched delete. */
export interface CleanupActivityDeps {
  store: Pick<Store, 'deleteOlderThan'>;
}

function isDeletedRows(value: unknown): value is DeletedRows {
  const v = value as Partial<DeletedRows> | undefined;
  return typeof v?.deleted === 'number' && typeof v.batches === 'number';
}

/** The cleanup activity over the given store. */
export function createCleanupActivities({ store }: CleanupActivityDeps) {
  return {
    /** Deletes a table's rows dated before `before`, `batchSize` per statement; returns this run's totals. */
    async deleteRowsBefore({ table, before, batchSize }: DeleteRowsInput): Promise<DeletedRows> {
      const cutoff = parseJobTime(before, 'before');
      const ctx = Context.current();
      const earlier = isDeletedRows(ctx.info.heartbeatDetails) ? ctx.info.heartbeatDetails : { deleted: 0, batches: 0 };
      let batches = earlier.batches;
      ctx.heartbeat(earlier);
      const result = await store.deleteOlderThan({
        table,
        before: cutoff,
        batchSize,
        onBatch: (deletedSoFar) => {
          batches += 1;
          ctx.heartbeat({ deleted: earlier.deleted + deletedSoFar, batches });
          if (ctx.cancellationSignal.aborted) throw new CancelledFailure(`cleanup of ${table} cancelled after ${earlier.deleted + deletedSoFar} rows`);
        },
      });
      return { deleted: earlier.deleted + result.deleted, batches: earlier.batches + result.batches };
    },
  };
}

/** The cleanup activity as workflows proxy it (`import type`). */
export type CleanupActivities = ReturnType<typeof createCleanupActivities>;
