/**
 * Stats snapshots: the figures collected every 15 minutes, kept so trends and the last known
 * state survive restarts. Stored as JSON and validated on the way back, so a snapshot written
 * by an older version reads as figures or fails loudly, never as half-typed data.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { POST_STATUSES, type PostStatus } from '../post-status';
import type { DatabaseSchema } from '../schema';
import type { Figures } from './figures';

/** Figures as saved at `takenAt`. */
export interface StatsSnapshot {
  id: number;
  takenAt: Date;
  figures: Figures;
}

/** The stats snapshot operations of the store. */
export interface StatsSnapshotStore {
  saveStatsSnapshot(figures: Figures, takenAt?: Date): Promise<StatsSnapshot>;
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

/** Builds the stats snapshot operations over `db`. */
export function createStatsSnapshotStore(db: Kysely<DatabaseSchema>): StatsSnapshotStore {
  return {
    async saveStatsSnapshot(figures, takenAt) {
      const row = await db
        .insertInto('stats_snapshots')
        .values({ figures: JSON.stringify(figures), ...(takenAt ? { taken_at: takenAt } : {}) })
        .returning(['id', 'taken_at'])
        .executeTakeFirstOrThrow();
      return { id: row.id, takenAt: row.taken_at, figures };
    },

    async latestStatsSnapshot() {
      const row = await db
        .selectFrom('stats_snapshots')
        .selectAll()
        .orderBy('taken_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && { id: row.id, takenAt: row.taken_at, figures: storedFigures.parse(row.figures) };
    },
  };
}
