/**
 * Makes the server match the declared schedules: creates the missing, rewrites the changed
 * (keeping what operators set: pauses, notes, and times or input edited live unless `reset`),
 * deletes ours that are no longer declared, and leaves every
 * other schedule alone. Safe to run from several processes at once: when a schedule changes
 * between the plan and the action, that schedule is planned again from what the server has.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import { createOptions, updateOptions } from './compile';
import { liveHash } from './live-spec';
import { isManaged } from './markers';
import { describeIfExists, planDeclared, planSchedules, type PlanKind, type PlannedChange } from './plan';
import type { ScheduleDefinition } from './schedule-definition';

/** What apply did to one schedule; `skipped` and `failed` carry the reason in `detail`. */
export type ApplyOutcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'kept' | 'skipped' | 'failed';

/** One schedule's line in the apply report, next to what the plan said. */
export interface AppliedChange {
  scheduleId: string;
  planned: PlanKind;
  outcome: ApplyOutcome;
  detail?: string;
}

/** Plan and outcomes together, so callers can print both and decide the exit code. */
export interface ApplyResult {
  dryRun: boolean;
  /** The plan made before acting (what `--dry-run` prints). */
  plan: PlannedChange[];
  /** One entry per plan entry; empty on a dry run. */
  applied: AppliedChange[];
}

/** How to apply; a dry run is the review step before a real one. */
export interface ApplyOptions {
  /** Plan only; change nothing on the server. */
  dryRun?: boolean;
  /** Write the declared schedule over live edits too (by default they are kept). */
  reset?: boolean;
}

/** How many times one schedule is re-planned when it keeps changing under us. */
const MAX_ATTEMPTS = 3;

/** Thrown inside an update callback to abandon the update; never escapes this module. */
class UpdateAbandoned extends Error {
  constructor(readonly outcome: ApplyOutcome, readonly detail: string) {
    super(detail);
  }
}

function fromPlan(entry: PlannedChange, outcome: ApplyOutcome, detail?: string): AppliedChange {
  return { scheduleId: entry.scheduleId, planned: entry.kind, outcome, ...(detail ? { detail } : {}) };
}

async function replan(client: Client, def: ScheduleDefinition, reset: boolean): Promise<PlannedChange> {
  return planDeclared(def, await describeIfExists(client, def.id), { reset });
}

/**
 * Records how the server describes the schedule just written (its `liveHash`), so a later edit
 * of its times or input is seen as one. Only the action memo changes.
 */
async function recordLiveHash(client: Client, scheduleId: string): Promise<void> {
  await client.schedule.getHandle(scheduleId).update((previous) => ({
    ...previous,
    action: { ...previous.action, memo: { ...previous.action.memo, liveHash: liveHash(previous) } },
  }));
}

async function create(client: Client, entry: Extract<PlannedChange, { kind: 'create' }>, attempt: number, reset: boolean): Promise<AppliedChange> {
  try {
    await client.schedule.create(createOptions(entry.definition));
    await recordLiveHash(client, entry.scheduleId);
    return fromPlan(entry, 'created');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning) || attempt >= MAX_ATTEMPTS) throw err;
    // Created by someone else since the plan: act on what is there now.
    const next = await act(client, await replan(client, entry.definition, reset), attempt + 1, reset);
    return { ...next, planned: 'create', detail: next.detail ?? 'created concurrently by another apply' };
  }
}

async function update(client: Client, entry: Extract<PlannedChange, { kind: 'update' }>, attempt: number, reset: boolean): Promise<AppliedChange> {
  const def = entry.definition;
  try {
    // `update` describes the schedule again and hands it to us: re-plan on that fresh copy, so a
    // pause made since the plan is kept and a concurrent apply is not repeated.
    await client.schedule.getHandle(def.id).update((previous) => {
      const fresh = planDeclared(def, previous, { reset });
      if (fresh.kind === 'conflict') throw new UpdateAbandoned('skipped', fresh.reason);
      if (fresh.kind === 'kept') throw new UpdateAbandoned('kept', `edited live meanwhile (${fresh.live}); kept`);
      if (fresh.kind !== 'update') throw new UpdateAbandoned('unchanged', 'already up to date (applied concurrently)');
      return updateOptions(def, previous, fresh.changes.some((c) => c.field === 'paused'));
    });
    await recordLiveHash(client, def.id);
    return fromPlan(entry, 'updated', entry.changes.some((c) => c.field === 'live edit') ? 'the live edit was replaced by the declared schedule' : undefined);
  } catch (err) {
    if (err instanceof UpdateAbandoned) return fromPlan(entry, err.outcome, err.detail);
    if (!(err instanceof ScheduleNotFoundError) || attempt >= MAX_ATTEMPTS) throw err;
    // Deleted since the plan: declared schedules must exist, so create it again.
    const next = await act(client, await replan(client, def, reset), attempt + 1, reset);
    return { ...next, planned: 'update', detail: next.detail ?? 'was deleted meanwhile; created again' };
  }
}

async function remove(client: Client, entry: Extract<PlannedChange, { kind: 'delete' }>): Promise<AppliedChange> {
  const live = await describeIfExists(client, entry.scheduleId);
  if (!live) return fromPlan(entry, 'skipped', 'already gone');
  if (!isManaged(live.memo)) return fromPlan(entry, 'skipped', 'no longer carries the cars-bot marker; left alone');
  try {
    await client.schedule.getHandle(entry.scheduleId).delete();
    return fromPlan(entry, 'deleted');
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return fromPlan(entry, 'skipped', 'already gone');
    throw err;
  }
}

async function act(client: Client, entry: PlannedChange, attempt: number, reset: boolean): Promise<AppliedChange> {
  switch (entry.kind) {
    case 'create':
      return create(client, entry, attempt, reset);
    case 'update':
      return update(client, entry, attempt, reset);
    case 'kept':
      return fromPlan(
        entry,
        'kept',
        `kept the live edit (${entry.live}; declared ${entry.declared})${entry.codeChanges.length > 0 ? `; the code's changes (${entry.codeChanges.map((c) => c.field).join(', ')}) wait for --reset` : ''}`,
      );
    case 'delete':
      return remove(client, entry);
    case 'unchanged':
      return fromPlan(entry, 'unchanged');
    case 'conflict':
      return fromPlan(entry, 'skipped', entry.reason);
  }
}

/**
 * Plans, then (unless `dryRun`) carries the plan out one schedule at a time. A schedule that
 * fails is reported as `failed` and the others still go ahead.
 */
export async function applySchedules(client: Client, definitions: readonly ScheduleDefinition[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const plan = await planSchedules(client, definitions, { reset: options.reset });
  if (options.dryRun) return { dryRun: true, plan, applied: [] };
  const applied: AppliedChange[] = [];
  for (const entry of plan) {
    try {
      applied.push(await act(client, entry, 1, options.reset ?? false));
    } catch (err) {
      applied.push(fromPlan(entry, 'failed', err instanceof Error ? err.message : String(err)));
    }
  }
  return { dryRun: false, plan, applied };
}
