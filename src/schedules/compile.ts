/**
 * Turns a definition into the options the Temporal client takes, for a create and for a
 * whole-schedule update, so both paths write exactly the same schedule.
 */
import type { ScheduleDescription, ScheduleOptions, ScheduleOptionsAction, ScheduleUpdateOptions } from '@temporalio/client';
import { canonicalDefinition, definitionHash } from './fingerprint';
import { managedMemo, type ActionMemo } from './markers';
import type { ScheduleDefinition } from './schedule-definition';

/** The note a schedule starts with: why it is paused when the code says so, else what it replaces. */
export function initialNote(def: ScheduleDefinition): string {
  return def.paused ? `Paused in code (src/schedules/definitions.ts). ${def.note}` : def.note;
}

/** The action memo that lets the next apply detect drift (see `markers.ts`). */
export function actionMemo(def: ScheduleDefinition): ActionMemo {
  return { scheduleId: def.id, definitionHash: definitionHash(def), definition: canonicalDefinition(def), declaredPaused: def.paused };
}

function action(def: ScheduleDefinition): ScheduleOptionsAction {
  return {
    type: 'startWorkflow',
    workflowType: def.workflowType,
    args: def.args,
    taskQueue: def.taskQueue,
    // The server appends the scheduled time: `sync-channels-2026-11-20T09:12:00Z`.
    workflowId: def.workflowIdPrefix,
    workflowExecutionTimeout: def.workflowExecutionTimeout,
    memo: { ...actionMemo(def) },
    staticSummary: def.note,
  };
}

function spec(def: ScheduleDefinition): ScheduleOptions['spec'] {
  return { cronExpressions: [...def.cron], intervals: (def.every ?? []).map((every) => ({ every })), timezone: def.timezone, jitter: def.jitter };
}

function policies(def: ScheduleDefinition): ScheduleOptions['policies'] {
  return { overlap: def.overlap, catchupWindow: def.catchupWindow, pauseOnFailure: false };
}

/** Options for `client.schedule.create`: our marker in the top-level memo, declared paused state. */
export function createOptions(def: ScheduleDefinition): ScheduleOptions {
  return {
    scheduleId: def.id,
    spec: spec(def),
    action: action(def),
    policies: policies(def),
    memo: managedMemo(),
    state: { paused: def.paused, note: initialNote(def) },
  };
}

/**
 * Options for `handle.update`, which replaces the whole schedule. The state is carried over
 * from the server (an operator's pause and note, remaining actions) unless the code changed its
 * own `paused` flag since the last apply; leaving `paused` out would unpause the schedule.
 */
export function updateOptions(def: ScheduleDefinition, previous: ScheduleDescription, declaredPausedChanged: boolean): ScheduleUpdateOptions {
  const state = declaredPausedChanged
    ? { paused: def.paused, note: initialNote(def), remainingActions: previous.state.remainingActions }
    : { paused: previous.state.paused, note: previous.state.note, remainingActions: previous.state.remainingActions };
  return {
    spec: spec(def),
    action: action(def),
    policies: policies(def),
    state,
  };
}
