/**
 * Operating the schedules at run time — what django-celery-beat's admin and `celery inspect
 * scheduled` gave: see each schedule with its next and last runs, run one now, pause and
 * resume with a note. The same changes can be made with `temporal schedule ...` or the Web UI.
 */
import { ScheduleNotFoundError, WorkflowFailedError, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { isManaged, readActionMemo } from './markers';
import { describeIfExists, planDeclared } from './plan';
import { findSchedule } from './lookup';
import type { ScheduleDefinition } from './schedule-definition';

/** The most recent run a schedule started (by its clock or a trigger) and how it ended. */
export interface LastRun {
  workflowId: string;
  runId: string;
  scheduledAt: Date;
  takenAt: Date;
  /** RUNNING, COMPLETED, FAILED, TIMED_OUT, TERMINATED, CANCELLED, ... or UNKNOWN (history gone). */
  status: string;
  closedAt?: Date;
  /** The workflow's result, when it completed. */
  result?: unknown;
  /** Why it didn't complete, when it failed, timed out or was terminated. */
  failure?: string;
}

/** One schedule as operators need to see it. */
export interface ScheduleStatus {
  scheduleId: string;
  /** Declared in `src/schedules/definitions.ts`. */
  declared: boolean;
  /** Exists on the server. A declared schedule that doesn't is waiting for `schedules apply`. */
  exists: boolean;
  /** Created by cars-bot (carries our marker). */
  managed: boolean;
  /** The server has the declared definition (false: `schedules apply` would update it). */
  upToDate?: boolean;
  workflowType?: string;
  cron?: string[];
  timezone?: string;
  /** The Celery Beat job it replaces. */
  replaces?: string;
  paused: boolean;
  note?: string;
  /** Upcoming run times; for a paused schedule, when it would run once resumed. */
  nextRunTimes: Date[];
  lastRun?: LastRun;
  /** Workflow ids of runs in progress. */
  running: string[];
}

/** Thrown when an operation targets a declared schedule that isn't on the server (or isn't ours). */
export class ScheduleUnavailableError extends Error {
  constructor(readonly scheduleId: string, message: string) {
    super(message);
    this.name = 'ScheduleUnavailableError';
  }
}

async function lastRunOf(client: Client, live: ScheduleDescription): Promise<LastRun | undefined> {
  const recent = live.info.recentActions.at(-1);
  if (!recent) return undefined;
  const { workflowId, firstExecutionRunId: runId } = recent.action.workflow;
  const run: LastRun = { workflowId, runId, scheduledAt: recent.scheduledAt, takenAt: recent.takenAt, status: 'UNKNOWN' };
  try {
    const handle = client.workflow.getHandle(workflowId, runId);
    const execution = await handle.describe();
    run.status = execution.status.name;
    run.closedAt = execution.closeTime;
    if (run.status === 'COMPLETED') run.result = await handle.result();
    else if (run.status !== 'RUNNING') {
      run.failure = await handle.result().then(
        () => undefined,
        (err: unknown) => (err instanceof WorkflowFailedError && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err)),
      );
    }
  } catch {
    // Past retention, or not readable: the status stays UNKNOWN rather than failing the listing.
  }
  return run;
}

/**
 * Workflow ids of runs in progress. The server's own list of running actions can stay empty
 * (it isn't kept for every policy), so the latest run's status is checked as well.
 */
function runningOf(live: ScheduleDescription, lastRun: LastRun | undefined): string[] {
  const ids = live.info.runningActions.map((a) => a.workflow.workflowId);
  if (lastRun?.status === 'RUNNING' && !ids.includes(lastRun.workflowId)) ids.push(lastRun.workflowId);
  return ids;
}

async function statusOf(client: Client, scheduleId: string, def: ScheduleDefinition | undefined, live: ScheduleDescription | undefined, nextRuns: number): Promise<ScheduleStatus> {
  if (!live) {
    return {
      scheduleId,
      declared: Boolean(def),
      exists: false,
      managed: false,
      workflowType: def?.workflowType,
      cron: def?.cron,
      timezone: def?.timezone,
      replaces: def?.replaces,
      paused: def?.paused ?? false,
      note: def?.note,
      nextRunTimes: [],
      running: [],
    };
  }
  const managed = isManaged(live.memo);
  const applied = readActionMemo(live.action.memo).definition;
  const lastRun = await lastRunOf(client, live);
  return {
    scheduleId,
    declared: Boolean(def),
    exists: true,
    managed,
    upToDate: def && managed ? planDeclared(def, live).kind === 'unchanged' : undefined,
    workflowType: live.action.workflowType,
    cron: managed ? applied?.cron : undefined,
    timezone: live.spec.timezone || 'UTC',
    replaces: managed ? applied?.replaces : undefined,
    paused: live.state.paused,
    note: live.state.note,
    nextRunTimes: live.info.nextActionTimes.slice(0, nextRuns),
    lastRun,
    running: runningOf(live, lastRun),
  };
}

/**
 * Every declared schedule (also those not applied yet) and every other schedule on the server
 * (ours no longer declared, and foreign ones, flagged as such), declared ones first.
 */
export async function listSchedules(client: Client, definitions: readonly ScheduleDefinition[], options: { nextRuns?: number } = {}): Promise<ScheduleStatus[]> {
  const nextRuns = options.nextRuns ?? 3;
  const ids = definitions.map((d) => d.id);
  const others: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (!ids.includes(summary.scheduleId)) others.push(summary.scheduleId);
  }
  const statuses = await Promise.all(
    [...ids, ...others.sort()].map(async (id) => {
      const def = definitions.find((d) => d.id === id);
      const live = await describeIfExists(client, id);
      return live || def ? statusOf(client, id, def, live, nextRuns) : undefined;
    }),
  );
  return statuses.filter((s): s is ScheduleStatus => s !== undefined);
}

/** The handle of a declared schedule that exists and is ours; anything else is a clear error. */
async function managedHandle(client: Client, definitions: readonly ScheduleDefinition[], id: string): Promise<{ handle: ScheduleHandle; live: ScheduleDescription }> {
  findSchedule(definitions, id);
  const handle = client.schedule.getHandle(id);
  let live: ScheduleDescription;
  try {
    live = await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) {
      throw new ScheduleUnavailableError(id, `schedule "${id}" is declared but not on the server yet; run \`schedules apply\` first`);
    }
    throw err;
  }
  if (!isManaged(live.memo)) {
    throw new ScheduleUnavailableError(id, `schedule "${id}" on the server was not created by cars-bot; operate it with \`temporal schedule\``);
  }
  return { handle, live };
}

/** What a trigger found: runs already in progress may make a SKIP schedule drop this one. */
export interface TriggerResult {
  scheduleId: string;
  /** Runs in progress when triggered; non-empty means the overlap policy decides. */
  runningBefore: string[];
  overlap: string;
}

/**
 * Starts one run now, as if the schedule fired. By default the schedule's overlap policy
 * applies (a sync still running makes SKIP drop the new run); `allowOverlap` starts it anyway.
 */
export async function triggerSchedule(client: Client, definitions: readonly ScheduleDefinition[], id: string, options: { allowOverlap?: boolean } = {}): Promise<TriggerResult> {
  const { handle, live } = await managedHandle(client, definitions, id);
  const runningBefore = runningOf(live, await lastRunOf(client, live));
  await handle.trigger(options.allowOverlap ? 'ALLOW_ALL' : undefined);
  return {
    scheduleId: id,
    runningBefore,
    overlap: options.allowOverlap ? 'ALLOW_ALL' : (live.policies.overlap ?? 'SKIP'),
  };
}

/** The state after a pause or resume, read back from the server. */
export interface PauseState {
  scheduleId: string;
  paused: boolean;
  note?: string;
}

async function stateOf(handle: ScheduleHandle): Promise<PauseState> {
  const after = await handle.describe();
  return { scheduleId: handle.scheduleId, paused: after.state.paused, note: after.state.note };
}

/** Pauses a schedule with a note saying why; `schedules apply` keeps the pause and the note. */
export async function pauseSchedule(client: Client, definitions: readonly ScheduleDefinition[], id: string, note?: string): Promise<PauseState> {
  const { handle } = await managedHandle(client, definitions, id);
  await handle.pause(note ?? `Paused by an operator at ${new Date().toISOString()}`);
  return stateOf(handle);
}

/** Resumes a paused schedule, with a note for the record. */
export async function resumeSchedule(client: Client, definitions: readonly ScheduleDefinition[], id: string, note?: string): Promise<PauseState> {
  const { handle } = await managedHandle(client, definitions, id);
  await handle.unpause(note ?? `Resumed by an operator at ${new Date().toISOString()}`);
  return stateOf(handle);
}
