/**
 * What Temporal knows about each of our task queues: tasks waiting (how many, how old the
 * oldest) and the workers polling it (who, when they last asked). One reader for the stats
 * snapshot, the dashboard and the health check, so they never disagree on what a queue is.
 */
import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { QueuePoller } from '../common/health';
import { ALL_TASK_QUEUES, TASK_QUEUES } from '../common/task-queues';

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

/** Where to ask Temporal about our task queues. */
export interface TaskQueueSource {
  workflowService: Pick<WorkflowService, 'describeTaskQueue'>;
  namespace: string;
}

export type { QueuePoller };

/** One kind of work of one queue. */
export interface TaskQueueStatus {
  taskQueue: string;
  /** Workflow tasks or activity tasks: the two kinds of work a queue hands out. */
  kind: 'workflow' | 'activity';
  /** Approximate, as Temporal reports it. */
  backlog: number;
  oldestAgeMs: number;
  pollers: QueuePoller[];
}

/** Every queue hands out activity tasks; only the workflow queue hands out workflow tasks. */
export const QUEUE_KINDS: readonly { taskQueue: string; kind: TaskQueueStatus['kind'] }[] = [
  { taskQueue: TASK_QUEUES.workflows, kind: 'workflow' },
  ...ALL_TASK_QUEUES.map((taskQueue) => ({ taskQueue, kind: 'activity' as const })),
];

function durationMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

function timestamp(t: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!t || t.seconds === undefined || t.seconds === null) return null;
  return new Date(durationMs(t)).toISOString();
}

/** Describes every queue and kind at once. */
export async function describeTaskQueues(source: TaskQueueSource): Promise<TaskQueueStatus[]> {
  return Promise.all(
    QUEUE_KINDS.map(async ({ taskQueue, kind }) => {
      const { stats, pollers } = await source.workflowService.describeTaskQueue({
        namespace: source.namespace,
        taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: kind === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        reportStats: true,
      });
      return {
        taskQueue,
        kind,
        backlog: Number(stats?.approximateBacklogCount ?? 0),
        oldestAgeMs: durationMs(stats?.approximateBacklogAge),
        pollers: (pollers ?? []).map((p) => ({ identity: p.identity ?? '', lastAccessTime: timestamp(p.lastAccessTime) })),
      };
    }),
  );
}
