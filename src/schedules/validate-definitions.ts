/**
 * Catches mistakes in the declared schedules before anything reaches the server, so a typo
 * fails `schedules apply --dry-run` too, with a message naming the schedule.
 */
import { msToNumber } from '@temporalio/common/lib/time';
import type { ScheduleDefinition } from './schedule-definition';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Thrown for declared schedules that can't be applied; one line per problem. */
export class InvalidScheduleDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid schedule definitions:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidScheduleDefinitionError';
  }
}

function durationProblem(def: ScheduleDefinition, field: 'catchupWindow' | 'jitter' | 'workflowExecutionTimeout'): string | undefined {
  try {
    const ms = msToNumber(def[field]);
    if (!Number.isFinite(ms) || ms < 0) return `${def.id}: ${field} must be a non-negative duration`;
    // The server raises shorter catch-up windows to 10 s; say so instead of drifting silently.
    if (field === 'catchupWindow' && ms < 10_000) return `${def.id}: catchupWindow must be at least 10s`;
  } catch {
    return `${def.id}: ${field} is not a duration (${String(def[field])})`;
  }
  return undefined;
}

/** Checks ids (kebab-case, unique), cron lists and durations; throws listing every problem. */
export function validateDefinitions(definitions: readonly ScheduleDefinition[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const def of definitions) {
    if (!ID.test(def.id)) problems.push(`${def.id}: id must be kebab-case (a-z, 0-9, -)`);
    if (seen.has(def.id)) problems.push(`${def.id}: declared twice`);
    seen.add(def.id);
    if (def.cron.length + (def.every?.length ?? 0) === 0) problems.push(`${def.id}: needs at least one cron expression or interval (every)`);
    if (def.cron.some((c) => c.trim() === '')) problems.push(`${def.id}: a cron expression is empty`);
    for (const every of def.every ?? []) {
      let ms = NaN;
      try {
        ms = msToNumber(every);
      } catch {
        // reported below
      }
      if (!Number.isFinite(ms) || ms < 1000) problems.push(`${def.id}: every ${String(every)} is not an interval of at least 1s`);
    }
    if (!ID.test(def.workflowIdPrefix)) problems.push(`${def.id}: workflowIdPrefix must be kebab-case`);
    for (const field of ['catchupWindow', 'jitter', 'workflowExecutionTimeout'] as const) {
      const problem = durationProblem(def, field);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) throw new InvalidScheduleDefinitionError(problems);
}
