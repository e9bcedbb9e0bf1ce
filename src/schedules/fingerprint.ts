/**
 * A definition reduced to a canonical form and hashed. The hash rides in the schedule action's
 * memo, so `schedules apply` can tell whether the code changed since the last apply without
 * comparing specs the server has rewritten (cron strings come back compiled into calendars).
 */
import { createHash } from 'node:crypto';
import { msToNumber } from '@temporalio/common/lib/time';
import type { ScheduleDefinition } from './schedule-definition';

/**
 * Bumped when the way definitions turn into schedules changes, so every schedule is rewritten
 * once by the next apply even though no definition changed.
 */
export const DEFINITION_FORMAT = 2;

/** What the fingerprint covers: every field but `id` (the key) and `paused` (run-time state, see the sync). */
export type CanonicalDefinition = Omit<ScheduleDefinition, 'id' | 'paused' | 'catchupWindow' | 'jitter' | 'workflowExecutionTimeout' | 'every'> & {
  format: number;
  everyMs?: number[];
  catchupWindowMs: number;
  jitterMs: number;
  workflowExecutionTimeoutMs: number;
};

/** The definition with durations in milliseconds, so `'1m'` and `'60s'` hash the same. */
export function canonicalDefinition(def: ScheduleDefinition): CanonicalDefinition {
  return {
    format: DEFINITION_FORMAT,
    workflowType: def.workflowType,
    args: def.args,
    cron: def.cron,
    everyMs: def.every?.length ? def.every.map((e) => msToNumber(e)) : undefined,
    timezone: def.timezone,
    overlap: def.overlap,
    catchupWindowMs: msToNumber(def.catchupWindow),
    jitterMs: msToNumber(def.jitter),
    workflowExecutionTimeoutMs: msToNumber(def.workflowExecutionTimeout),
    replaces: def.replaces,
    note: def.note,
    taskQueue: def.taskQueue,
    workflowIdPrefix: def.workflowIdPrefix,
  };
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Short content hash of a definition: equal hashes mean nothing to update. */
export function definitionHash(def: ScheduleDefinition): string {
  return createHash('sha256').update(stableStringify(canonicalDefinition(def))).digest('hex').slice(0, 16);
}

/** One field that differs between the applied definition and the declared one. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Field-by-field differences, for a plan a person can review before applying it. */
export function diffCanonical(previous: Partial<CanonicalDefinition> | undefined, next: CanonicalDefinition): FieldChange[] {
  const fields = Object.keys(next) as (keyof CanonicalDefinition)[];
  return fields
    .filter((f) => stableStringify(previous?.[f]) !== stableStringify(next[f]))
    .map((f) => ({ field: f, from: previous?.[f], to: next[f] }));
}
