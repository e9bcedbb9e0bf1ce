/**
 * What a post cost Temporal, read from its workflow's history: events, workflow tasks,
 * activities (by type), local activities and child workflows. Every activity and workflow task
 * is a round trip to the server, so these are the figures the pipeline's shape decides.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;

export interface HistoryFigures {
  events: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  childWorkflows: number;
  /** Activities scheduled, by activity type. */
  activitiesByType: Record<string, number>;
  /**
   * Attempts beyond the first, by activity type (from each started event's attempt number): a
   * retried attempt leaves no event of its own, yet it is what a post stuck for a timeout shows.
   */
  retriesByType: Record<string, number>;
  /** Why the retried attempts before them failed (the started event's last failure), by message. */
  retryReasons: Record<string, number>;
  /** Workflow tasks that timed out or failed (each one a wait and a task done again). */
  workflowTaskTimeouts: number;
  workflowTaskFailures: number;
}

export function emptyFigures(): HistoryFigures {
  return { events: 0, workflowTasks: 0, activities: 0, localActivities: 0, childWorkflows: 0, activitiesByType: {}, retriesByType: {}, retryReasons: {}, workflowTaskTimeouts: 0, workflowTaskFailures: 0 };
}

/** Adds one history's figures to `into`. */
export function addHistory(into: HistoryFigures, history: temporal.api.history.v1.IHistory): void {
  const typeOf = new Map<string, string>(); // scheduled event id → activity type
  for (const event of history.events ?? []) {
    into.events += 1;
    switch (event.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const started = event.activityTaskStartedEventAttributes;
        const retries = (started?.attempt ?? 1) - 1;
        if (retries > 0) {
          const name = typeOf.get(String(started?.scheduledEventId ?? '')) ?? '?';
          into.retriesByType[name] = (into.retriesByType[name] ?? 0) + retries;
          const reason = started?.lastFailure?.message || 'unknown';
          into.retryReasons[reason] = (into.retryReasons[reason] ?? 0) + 1;
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        into.workflowTaskTimeouts += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        into.workflowTaskFailures += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        into.workflowTasks += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        into.activities += 1;
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        into.activitiesByType[name] = (into.activitiesByType[name] ?? 0) + 1;
        typeOf.set(String(event.eventId ?? ''), name);
        break;
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') into.localActivities += 1;
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        into.childWorkflows += 1;
        break;
    }
  }
}

/** The summed figures of the workflows' histories (children's included), `concurrency` fetches at a time. */
export async function historyFigures(client: Client, workflowIds: readonly string[], concurrency = 8): Promise<HistoryFigures> {
  const figures = emptyFigures();
  const queue = [...workflowIds];
  const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      addHistory(figures, history);
      for (const event of history.events ?? []) {
        const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
        if (child) queue.push(child);
      }
    }
  });
  await Promise.all(lanes);
  return figures;
}
