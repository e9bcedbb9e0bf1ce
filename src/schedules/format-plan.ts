/**
 * Plans and apply results as text for people: the CLI prints them, `npm start` logs the
 * summary line. One place, so both read the same.
 */
import type { ApplyResult } from './apply';
import { initialNote } from './compile';
import type { FieldChange } from './fingerprint';
import { declaredSpecText } from './live-spec';
import { countPlan, type PlannedChange } from './plan';

const MARKS: Record<PlannedChange['kind'], string> = { create: '+', update: '~', delete: '-', unchanged: '=', kept: '*', conflict: '!' };

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function describeChange(change: FieldChange): string {
  return change.field === 'paused' ? `paused (declared): ${show(change.from)} → ${show(change.to)}` : `${change.field}: ${show(change.from)} → ${show(change.to)}`;
}

function detailOf(entry: PlannedChange): string[] {
  switch (entry.kind) {
    case 'create':
      return [`${entry.definition.workflowType} ${declaredSpecText(entry.definition)} (${entry.definition.timezone})${entry.definition.paused ? ', paused' : ''}`];
    case 'update': {
      const lines = entry.changes.map(describeChange);
      if (!entry.changes.some((c) => c.field === 'paused')) {
        // The note is worth showing only when someone changed it (a pause reason, say).
        const note = entry.current.note && entry.current.note !== initialNote(entry.definition) ? ` (note: ${show(entry.current.note)})` : '';
        lines.push(`keeps state: ${entry.current.paused ? 'paused' : 'active'}${note}`);
      }
      return lines;
    }
    case 'delete':
      return [`${entry.workflowType ?? 'schedule'} no longer declared`];
    case 'unchanged':
      return [];
    case 'kept':
      return [
        `edited live: ${entry.live} (declared: ${entry.declared}); kept`,
        ...(entry.liveArgs ? [`input edited live: ${show(entry.liveArgs)} (declared: ${show(entry.definition.args)}); kept`] : []),
        ...entry.codeChanges.filter((c) => c.field !== 'definitionHash').map((c) => `not applied while the live edit stands: ${describeChange(c)}`),
        '`schedules apply --reset` restores the declared schedule',
      ];
    case 'conflict':
      return [entry.reason];
  }
}

/** The plan, one schedule per line (changes indented under it). */
export function formatPlan(plan: readonly PlannedChange[]): string {
  const width = Math.max(12, ...plan.map((e) => e.scheduleId.length));
  const lines: string[] = [];
  for (const entry of plan) {
    const [first, ...rest] = detailOf(entry);
    lines.push(`  ${MARKS[entry.kind]} ${entry.kind.padEnd(9)} ${entry.scheduleId.padEnd(width)}  ${first ?? ''}`.trimEnd());
    for (const more of rest) lines.push(`${' '.repeat(width + 16)}${more}`);
  }
  return lines.length > 0 ? lines.join('\n') : '  (no schedules declared or found)';
}

/** "2 to create, 1 to update, 0 to delete, 4 unchanged" (and conflicts when there are any). */
export function summarizePlan(plan: readonly PlannedChange[]): string {
  const c = countPlan(plan);
  const parts = [`${c.create} to create`, `${c.update} to update`, `${c.delete} to delete`, `${c.unchanged} unchanged`];
  if (c.kept > 0) parts.push(`${c.kept} edited live (kept)`);
  if (c.conflict > 0) parts.push(`${c.conflict} in conflict (left alone)`);
  return parts.join(', ');
}

/** The plan, its summary, and what was done: skipped and failed schedules with their reasons. */
export function formatApplyResult(result: ApplyResult): string {
  const lines = [formatPlan(result.plan), `Plan: ${summarizePlan(result.plan)}.`];
  if (result.dryRun) {
    lines.push('Dry run: nothing was changed. Run without --dry-run to apply.');
    return lines.join('\n');
  }
  const done = new Map<string, number>();
  for (const a of result.applied) done.set(a.outcome, (done.get(a.outcome) ?? 0) + 1);
  lines.push(`Applied: ${[...done].map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'nothing to do'}.`);
  for (const a of result.applied) {
    if (a.detail) lines.push(`  ${a.scheduleId}: ${a.outcome} — ${a.detail}`);
  }
  return lines.join('\n');
}

/** Whether the result needs attention: a conflict or a failure means the server doesn't match the code. */
export function applyHadProblems(result: ApplyResult): boolean {
  return result.plan.some((e) => e.kind === 'conflict') || result.applied.some((a) => a.outcome === 'failed');
}
