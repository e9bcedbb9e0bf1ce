/**
 * The stats snapshot's two sources: the database's figures for the period, and the backlog of
 * every task queue as Temporal sees it (tasks waiting for a worker: the old setup's queue
 * lengths in Flower). Reading the backlog changes nothing; saving is keyed by the run, so a
 * retried save returns the snapshot already saved.
 */
import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CollectStatsResult, SaveSnapshotInput } from '../../common/stats';
import { ALL_TASK_QUEUES, TASK_QUEUES } from '../../common/task-queues';
import type { Store, TaskQueueBacklog } from '../../db';
import { parseJobTime } from './job-time';

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

/** Where to ask Temporal about our task queues. */
export interface TaskQueueStatsSource {
  workflowService: Pick<WorkflowService, 'describeTaskQueue'>;
  namespace: string;
}

/** The snapshot's two sources. */
export interface StatsActivityDeps {
  store: Pick<Store, 'figures' | 'saveStatsSnapshot'>;
  temporal: TaskQueueStatsSource;
}

/** Every queue hands out activity tasks; only the workflow queue hands out workflow tasks. */
const QUEUE_KINDS: { taskQueue: string; kind: TaskQueueBacklog['kind'] }[] = [
  { taskQueue: TASK_QUEUES.workflows, kind: 'workflow' },
  ...ALL_TASK_QUEUES.map((taskQueue) => ({ taskQueue, kind: 'activity' as const })),
];

function durationMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

/** The stats activities over the given store and Temporal connection. */
export function createStatsActivities({ store, temporal: source }: StatsActivityDeps) {
  return {
    /** Tasks waiting in each of our task queues, from Temporal's task queue stats. */
    async taskQueueBacklog(): Promise<TaskQueueBacklog[]> {
      return Promise.all(
        QUEUE_KINDS.map(async ({ taskQueue, kind }) => {
          const { stats } = await source.workflowService.describeTaskQueue({
            namespace: source.namespace,
            taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            taskQueueType: kind === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
            reportStats: true,
          });
          return { taskQueue, kind, backlog: Number(stats?.approximateBacklogCount ?? 0), oldestAgeMs: durationMs(stats?.approximateBacklogAge) };
        }),
      );
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
