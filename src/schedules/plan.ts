/**
 * Compares the declared schedules with the server and says, per schedule, what `apply` would
 * do. Declared ids are read with `describe` (strongly consistent); schedules that are no longer
 * declared are found through the schedule list (eventually consistent) and confirmed with
 * `describe` before they are planned for deletion.
 */
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { canonicalDefinition, definitionHash, diffCanonical, type FieldChange } from './fingerprint';
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
  | { kind: 'delete'; scheduleId: string; workflowType?: string }
  | { kind: 'conflict'; scheduleId: string; definition: ScheduleDefinition; reason: string };

/** The kinds of plan entry, for counting and for reporting what was planned. */
export type PlanKind = PlannedChange['kind'];

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
 * Plans one declared schedule against what the server has now (`live`). Exported so apply can
 * re-plan a schedule that changed under it (another apply, an operator) before acting again.
 */
export function planDeclared(def: ScheduleDefinition, live: ScheduleDescription | undefined): PlannedChange {
  if (!live) return { kind: 'create', scheduleId: def.id, definition: def };
  if (!isManaged(live.memo)) {
    return { kind: 'conflict', scheduleId: def.id, definition: def, reason: 'a schedule with this id exists but was not created by cars-bot; left alone' };
  }
  const current: LiveState = { paused: live.state.paused, note: live.state.note };
  const applied = readActionMemo(live.action.memo);
  const changes: FieldChange[] = [];
  if (applied.definitionHash !== definitionHash(def)) {
    const diff = diffCanonical(applied.definition, canonicalDefinition(def));
    changes.push(...(diff.length > 0 ? diff : [{ field: 'definitionHash', from: applied.definitionHash, to: definitionHash(def) }]));
  }
  if (applied.declaredPaused !== undefined && applied.declaredPaused !== def.paused) {
    changes.push({ field: 'paused', from: applied.declaredPaused, to: def.paused });
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
export async function planSchedules(client: Client, definitions: readonly ScheduleDefinition[]): Promise<PlannedChange[]> {
  validateDefinitions(definitions);
  const declared = await Promise.all(definitions.map(async (def) => planDeclared(def, await describeIfExists(client, def.id))));
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
  const counts: Record<PlanKind, number> = { create: 0, update: 0, delete: 0, unchanged: 0, conflict: 0 };
  for (const entry of plan) counts[entry.kind] += 1;
  return counts;
}
