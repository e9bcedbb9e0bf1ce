/**
 * Compares the declared schedules with the server and says, per schedule, what `apply` would
 * do. Declared ids are read with `describe` (strongly consistent); schedules that are no longer
 * declared are found through the schedule list (eventually consistent) and confirmed with
 * `describe` before they are planned for deletion.
 */
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { canonicalDefinition, definitionHash, diffCanonical, type FieldChange } from './fingerprint';
import { declaredSpecText, liveHash, liveSpecText } from './live-spec';
import { isManaged, readActionMemo } from './markers';
import type { ScheduleDefinition } from './schedule-definition';
import { validateDefinitions } from './validate-definitions';

/** The schedule's run-time state on the server, shown so an operator sees what an update keeps. */
export interface LiveState {
  paused: boolean;
  note?: string;
}

/** What apply would do to one schedule. */
export type PlannedChange =
  | { kind: 'create'; scheduleId: string; definition: ScheduleDefinition }
  | {
      kind: 'update';
      scheduleId: string;
      definition: ScheduleDefinition;
      /** Changed fields; a `paused` entry means the code's own flag changed and will be applied. */
      changes: FieldChange[];
      current: LiveState;
    }
  | { kind: 'unchanged'; scheduleId: string; definition: ScheduleDefinition; current: LiveState }
  | {
      kind: 'kept';
      scheduleId: string;
      definition: ScheduleDefinition;
      /** The live times and the declared ones, as text. */
      live: string;
      declared: string;
      /** The live input, when it is not the declared one. */
      liveArgs?: unknown[];
      /** What the code changed meanwhile, not applied while the live edit stands. */
      codeChanges: FieldChange[];
      current: LiveState;
    }
  | { kind: 'delete'; scheduleId: string; workflowType?: string }
  | { kind: 'conflict'; scheduleId: string; definition: ScheduleDefinition; reason: string };

/** The kinds of plan entry, for counting and for reporting what was planned. */
export type PlanKind = PlannedChange['kind'];

/** How the server's schedule differs from the code: edited at run time, the code changed since the last apply, or both. */
export type Drift = 'edited live' | 'code changed';

/** The code's changes since the last apply: fields of the definition, and its own paused flag. */
function codeChanges(def: ScheduleDefinition, live: ScheduleDescription): FieldChange[] {
  const applied = readActionMemo(live.action.memo);
  const changes: FieldChange[] = [];
  if (applied.definitionHash !== definitionHash(def)) {
    const diff = diffCanonical(applied.definition, canonicalDefinition(def));
    changes.push(...(diff.length > 0 ? diff : [{ field: 'definitionHash', from: applied.definitionHash, to: definitionHash(def) }]));
  }
  if (applied.declaredPaused !== undefined && applied.declaredPaused !== def.paused) {
    changes.push({ field: 'paused', from: applied.declaredPaused, to: def.paused });
  }
  return changes;
}

/**
 * Whether a schedule of ours was edited outside `schedules apply`: its spec or input is no longer
 * what the last apply left (its `liveHash`), or its action memo is gone altogether (a whole
 * replacement, as `temporal schedule update` makes). A schedule last applied before the hash was
 * kept can't tell, and counts as not edited.
 */
export function editedLive(live: ScheduleDescription): boolean {
  const applied = readActionMemo(live.action.memo);
  if (applied.definitionHash === undefined) return true;
  return applied.liveHash !== undefined && applied.liveHash !== liveHash(live);
}

/** The drift of one declared schedule of ours. */
export function driftOf(def: ScheduleDefinition, live: ScheduleDescription): Drift[] {
  const drift: Drift[] = [];
  const edited = editedLive(live);
  if (edited) drift.push('edited live');
  // Without a memo there is nothing to compare the code with; the live edit says enough.
  if (readActionMemo(live.action.memo).definitionHash !== undefined && codeChanges(def, live).length > 0) drift.push('code changed');
  return drift;
}

/** Describes a schedule, or undefined when it doesn't exist. */
export async function describeIfExists(client: Client, scheduleId: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Plans one declared schedule against what the server has now (`live`). A schedule edited live
 * (its times or input) is kept as it is — with what the code changed meanwhile listed, unapplied
 * — unless `reset`, which writes the declared schedule over the edit. Exported so apply can
 * re-plan a schedule that changed under it (another apply, an operator) before acting again.
 */
export function planDeclared(def: ScheduleDefinition, live: ScheduleDescription | undefined, options: { reset?: boolean } = {}): PlannedChange {
  if (!live) return { kind: 'create', scheduleId: def.id, definition: def };
  if (!isManaged(live.memo)) {
    return { kind: 'conflict', scheduleId: def.id, definition: def, reason: 'a schedule with this id exists but was not created by cars-bot; left alone' };
  }
  const current: LiveState = { paused: live.state.paused, note: live.state.note };
  const changes = codeChanges(def, live);
  if (editedLive(live)) {
    const liveText = liveSpecText(live.spec);
    const declared = declaredSpecText(def);
    const liveArgs = (live.action as { args?: unknown[] }).args ?? [];
    const argsEdited = JSON.stringify(liveArgs) !== JSON.stringify(def.args);
    if (!options.reset) {
      return { kind: 'kept', scheduleId: def.id, definition: def, live: liveText, declared, ...(argsEdited ? { liveArgs } : {}), codeChanges: changes, current };
    }
    const restored: FieldChange[] = [{ field: 'live edit', from: liveText, to: declared }];
    if (argsEdited) restored.push({ field: 'args', from: liveArgs, to: def.args });
    return { kind: 'update', scheduleId: def.id, definition: def, changes: [...restored, ...changes.filter((c) => c.field !== 'definitionHash')], current };
  }
  return changes.length > 0
    ? { kind: 'update', scheduleId: def.id, definition: def, changes, current }
    : { kind: 'unchanged', scheduleId: def.id, definition: def, current };
}

/** Ids of schedules on the server that carry our marker, as the (eventually consistent) list shows them. */
async function listedManagedIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (isManaged(summary.memo)) ids.push(summary.scheduleId);
  }
  return ids;
}

/**
 * The plan: one entry per declared schedule (create / update / unchanged / conflict), then a
 * delete for each schedule that carries our marker but is no longer declared. Changes nothing.
 */
export async function planSchedules(client: Client, definitions: readonly ScheduleDefinition[], options: { reset?: boolean } = {}): Promise<PlannedChange[]> {
  validateDefinitions(definitions);
  const declared = await Promise.all(definitions.map(async (def) => planDeclared(def, await describeIfExists(client, def.id), options)));
  const declaredIds = new Set(definitions.map((d) => d.id));
  const candidates = (await listedManagedIds(client)).filter((id) => !declaredIds.has(id)).sort();
  const deletions: PlannedChange[] = [];
  for (const scheduleId of candidates) {
    // The list can lag behind: confirm the schedule still exists and is still ours.
    const live = await describeIfExists(client, scheduleId);
    if (live && isManaged(live.memo)) deletions.push({ kind: 'delete', scheduleId, workflowType: live.action.workflowType });
  }
  return [...declared, ...deletions];
}

/** Counts per kind, e.g. for a one-line summary. */
export function countPlan(plan: readonly PlannedChange[]): Record<PlanKind, number> {
  const counts: Record<PlanKind, number> = { create: 0, update: 0, delete: 0, unchanged: 0, kept: 0, conflict: 0 };
  for (const entry of plan) counts[entry.kind] += 1;
  return counts;
}
