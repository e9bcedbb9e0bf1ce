/**
 * Finding a declared schedule or job by the name an operator typed, with an error that lists
 * the names that would have worked.
 */
import type { ScheduleDefinition } from './schedule-definition';

/** Thrown for a name that matches no declared schedule or job; the message lists the known ones. */
export class UnknownScheduleError extends Error {
  constructor(readonly requested: string, readonly known: string[], what = 'schedule') {
    super(`unknown ${what} "${requested}"; known: ${known.join(', ')}`);
    this.name = 'UnknownScheduleError';
  }
}

/** The declared schedule with this id. */
export function findSchedule(definitions: readonly ScheduleDefinition[], id: string): ScheduleDefinition {
  const found = definitions.find((d) => d.id === id);
  if (!found) throw new UnknownScheduleError(id, definitions.map((d) => d.id));
  return found;
}

/** The names `job run` accepts: each schedule id and its workflow type, each once (`cleanup` is both). */
export function jobNames(definitions: readonly ScheduleDefinition[]): string[] {
  return [...new Set(definitions.flatMap((d) => [d.id, d.workflowType]))];
}

/** The declared job named by its schedule id (`health-check`) or its workflow type (`healthCheck`). */
export function findJob(definitions: readonly ScheduleDefinition[], name: string): ScheduleDefinition {
  const found = definitions.find((d) => d.id === name) ?? definitions.find((d) => d.workflowType === name);
  if (!found) throw new UnknownScheduleError(name, jobNames(definitions), 'job');
  return found;
}
