/**
 * Stats snapshots: the figures collected every 15 minutes, kept so trends and the last known
 * state survive restarts. Stored as JSON and validated on the way back, so a snapshot written
 * by an older version reads as figures or fails loudly, never as half-typed data.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { POST_STATUSES, type PostStatus } from '../../common/post-status';
import type { DatabaseSchema, StatsSnapshotsTable } from '../schema';
import type { Figures, TaskQueueBacklog } from '../../common/stats';

/** Figures as saved at `takenAt`, with the task-queue backlog of that moment. */
export interface StatsSnapshot {
  id: number;
  takenAt: Date;
  figures: Figures;
  queues: TaskQueueBacklog[];
  /** The run that took it, when saved with one. */
  takenBy: string | null;
}

/** What goes with the figures: the backlog, and the run saving it (a retried save then finds its snapshot). */
export interface SaveStatsSnapshotOptions {
  queues?: readonly TaskQueueBacklog[];
  takenBy?: string;
}

/** The stats snapshot operations of the store. */
export interface StatsSnapshotStore {
  saveStatsSnapshot(figures: Figures, takenAt?: Date, options?: SaveStatsSnapshotOptions): Promise<StatsSnapshot>;
  latestStatsSnapshot(): Promise<StatsSnapshot | undefined>;
}

const count = z.number().int().nonnegative();

/** `Figures` as read back from JSON; statuses added since the snapshot was taken count 0. */
const storedFigures = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  postsByStatus: z
    .record(z.string(), count)
    .transform(
      (counts) => Object.fromEntries(POST_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<PostStatus, number>,
    ),
  received: count,
  carAds: count,
  duplicates: count,
  published: count,
  failed: count,
  aiCalls: count,
  promptTokens: count,
  completionTokens: count,
  activeSubscribers: count,
});

const storedQueues = z.array(
  z.object({ taskQueue: z.string(), kind: z.enum(['workflow', 'activity']), backlog: count, oldestAgeMs: z.number().nonnegative() }),
);

/** Builds the stats snapshot operations over `db`. */
export function createStatsSnapshotStore(db: Kysely<DatabaseSchema>): StatsSnapshotStore {
  return {
    async saveStatsSnapshot(figures, takenAt, { queues = [], takenBy } = {}) {
      const inserted = await db
        .insertInto('stats_snapshots')
        .values({ figures: JSON.stringify(figures), queues: JSON.stringify(queues), taken_by: takenBy ?? null, ...(takenAt ? { taken_at: takenAt } : {}) })
        .onConflict((oc) => oc.column('taken_by').doNothing())
        .returning(['id', 'taken_at'])
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, takenAt: inserted.taken_at, figures, queues: [...queues], takenBy: takenBy ?? null };
      // Only a snapshot with the same `takenBy` conflicts (nulls never do): this run saved it before.
      return toSnapshot(await db.selectFrom('stats_snapshots').selectAll().where('taken_by', '=', String(takenBy)).executeTakeFirstOrThrow());
    },

    async latestStatsSnapshot() {
      const row = await db
        .selectFrom('stats_snapshots')
        .selectAll()
        .orderBy('taken_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toSnapshot(row);
    },
  };
}

function toSnapshot(row: Selectable<StatsSnapshotsTable>): StatsSnapshot {
  return { id: row.id, takenAt: row.taken_at, figures: storedFigures.parse(row.figures), queues: storedQueues.parse(row.queues), takenBy: row.taken_by };
}
