/**
 * The stats snapshot's two sources: the database's figures for the period, and the backlog of
 * every task queue as Temporal sees it (tasks waiting for a worker: the old setup's queue
 * lengths in Flower). Reading the backlog changes nothing; saving is keyed by the run, so a
 * retried save returns the snapshot already saved.
 */
import type { CollectStatsResult, SaveSnapshotInput } from '../../common/stats';
import type { Store } from '../../db';
import type { TaskQueueBacklog } from '../../common/stats';
import { describeTaskQueues, type TaskQueueSource } from '../../temporal/task-queue-status';
import { parseJobTime } from './job-time';

/** Where to ask Temporal about our task queues. */
export type TaskQueueStatsSource = TaskQueueSource;

/** The snapshot's two sources. */
export interface StatsActivityDeps {
  store: Pick<Store, 'figures' | 'saveStatsSnapshot'>;
  temporal: TaskQueueStatsSource;
}

/** The stats activities over the given store and Temporal connection. */
export function createStatsActivities({ store, temporal: source }: StatsActivityDeps) {
  return {
    /** Tasks waiting in each of our task queues, from Temporal's task queue stats. */
    async taskQueueBacklog(): Promise<TaskQueueBacklog[]> {
      const queues = await describeTaskQueues(source);
      return queues.map(({ taskQueue, kind, backlog, oldestAgeMs }) => ({ taskQueue, kind, backlog, oldestAgeMs }));
    },

    /** Counts the period's figures and saves them with the backlog as one snapshot. */
    async saveStatsSnapshot({ from, to, queues, takenBy }: SaveSnapshotInput): Promise<CollectStatsResult> {
      const period = { from: parseJobTime(from, 'from'), to: parseJobTime(to, 'to') };
      const figures = await store.figures(period);
      const snapshot = await store.saveStatsSnapshot(figures, period.to, { queues, takenBy });
      const { from: _from, to: _to, ...counts } = snapshot.figures;
      return {
        snapshotId: snapshot.id,
        takenAt: snapshot.takenAt.toISOString(),
        period: { from: snapshot.figures.from.toISOString(), to: snapshot.figures.to.toISOString() },
        figures: counts,
        queues: snapshot.queues,
        totalBacklog: snapshot.queues.reduce((sum, q) => sum + q.backlog, 0),
      };
    },
  };
}

/** The stats activities as workflows proxy them (`import type`). */
export type StatsActivities = ReturnType<typeof createStatsActivities>;
