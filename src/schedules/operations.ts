/**
 * Operating the schedules at run time — what django-celery-beat's admin and `celery inspect
 * scheduled` gave: see each schedule with its next and last runs, run one now, pause and
 * resume with a note. The same changes can be made with `temporal schedule ...` or the Web UI.
 */
import { ScheduleNotFoundError, WorkflowFailedError, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { parseDelay, StartDelayError } from '../common/start-delay';
import { declaredSpecText, liveSpecText } from './live-spec';
import { isManaged, readActionMemo } from './markers';
import { describeIfExists, driftOf, type Drift } from './plan';
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
  /** The server has the declared definition, unedited (false: see `drift`). */
  upToDate?: boolean;
  /** How the server's schedule differs from the code: `edited live` (kept by apply), `code changed` (apply updates it). */
  drift: Drift[];
  workflowType?: string;
  /** The declared cron expressions. */
  cron?: string[];
  /** The times the server runs it at now, as text (`*\/5 * * * *`, `every 30m`). */
  liveSpec?: string;
  /** The declared times, in the same notation. */
  declaredSpec?: string;
  /** The input each run gets now. */
  args?: unknown[];
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
      drift: [],
      workflowType: def?.workflowType,
      cron: def?.cron,
      declaredSpec: def ? declaredSpecText(def) : undefined,
      args: def?.args,
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
  const drift = def && managed ? driftOf(def, live) : [];
  return {
    scheduleId,
    declared: Boolean(def),
    exists: true,
    managed,
    upToDate: def && managed ? drift.length === 0 : undefined,
    drift,
    workflowType: live.action.workflowType,
    cron: def?.cron ?? (managed ? applied?.cron : undefined),
    liveSpec: liveSpecText(live.spec),
    declaredSpec: def ? declaredSpecText(def) : undefined,
    args: (live.action as { args?: unknown[] }).args,
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

/** A run-time change to a schedule's times or input, as `schedules set` and `PATCH /schedules/{id}` take it. */
export interface ScheduleEdit {
  /** New cron expressions (replacing the times). */
  cron?: string[];
  /** New intervals (`30m`, `1h`), replacing the times. */
  every?: string[];
  /** New input for every run (one JSON object, the job's options). */
  input?: Record<string, unknown>;
}

/** An edit that can't be made; the message says what to give instead. */
export class ScheduleEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleEditError';
  }
}

/** Checks an edit before it is sent: what is missing or can't go together is said plainly. */
function checkEdit(edit: ScheduleEdit): { every?: number[] } {
  if (edit.cron === undefined && edit.every === undefined && edit.input === undefined) throw new ScheduleEditError('nothing to change: give cron, every or input');
  if (edit.cron !== undefined && edit.every !== undefined) throw new ScheduleEditError('give cron or every, not both: either replaces the times');
  if (edit.cron !== undefined && (edit.cron.length === 0 || edit.cron.some((c) => c.trim().split(/\s+/).length !== 5))) {
    throw new ScheduleEditError(`cron: expected 5 fields (minute hour day-of-month month day-of-week), e.g. "*/10 * * * *"; got ${JSON.stringify(edit.cron)}`);
  }
  if (edit.input !== undefined && (edit.input === null || typeof edit.input !== 'object' || Array.isArray(edit.input))) throw new ScheduleEditError('input: expected a JSON object, e.g. {"warnDaysBefore": 5}');
  if (edit.every === undefined) return {};
  if (edit.every.length === 0) throw new ScheduleEditError('every: give an interval such as 30m');
  try {
    const every = edit.every.map(parseDelay);
    if (every.some((ms) => ms < 1000)) throw new ScheduleEditError('every: at least 1s');
    return { every };
  } catch (err) {
    if (err instanceof StartDelayError) throw new ScheduleEditError(`every: ${err.message.slice('delay: '.length)}`);
    throw err;
  }
}

/**
 * Changes a schedule of ours at run time — its times, its input, or both — on the server, the way
 * django-celery-beat's admin edited the database. The rest (policies, pause, note) stays. The
 * declared definition is not touched, so `schedules list` shows the schedule as `edited live`,
 * and `schedules apply` keeps the edit until `--reset`.
 */
export async function editSchedule(client: Client, definitions: readonly ScheduleDefinition[], id: string, edit: ScheduleEdit): Promise<ScheduleStatus> {
  const { every } = checkEdit(edit);
  const { handle } = await managedHandle(client, definitions, id);
  try {
    await handle.update((previous) => ({
      ...previous,
      spec:
        edit.cron !== undefined || every !== undefined
          ? { ...previous.spec, calendars: [], intervals: (every ?? []).map((ms) => ({ every: ms })), cronExpressions: edit.cron ?? [] }
          : previous.spec,
      action: edit.input !== undefined ? { ...previous.action, args: [edit.input] } : previous.action,
    }));
  } catch (err) {
    // The server checks cron expressions; its refusal is told as the edit's fault, not ours.
    if (err instanceof ScheduleNotFoundError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const e = err as { code?: number; cause?: { code?: number } };
    if (e.code === 3 || e.cause?.code === 3 || /INVALID_ARGUMENT|not in range|invalid/i.test(message)) throw new ScheduleEditError(`the server refused the edit: ${message.replace(/^\d+ INVALID_ARGUMENT: /, '')}`);
    throw err;
  }
  const def = definitions.find((d) => d.id === id);
  return statusOf(client, id, def, await handle.describe(), 3);
}
