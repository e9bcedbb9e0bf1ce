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
}

export function emptyFigures(): HistoryFigures {
  return { events: 0, workflowTasks: 0, activities: 0, localActivities: 0, childWorkflows: 0, activitiesByType: {} };
}

/** Adds one history's figures to `into`. */
export function addHistory(into: HistoryFigures, history: temporal.api.history.v1.IHistory): void {
  for (const event of history.events ?? []) {
    into.events += 1;
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        into.workflowTasks += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        into.activities += 1;
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        into.activitiesByType[name] = (into.activitiesByType[name] ?? 0) + 1;
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
