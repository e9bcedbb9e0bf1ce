/**
 * `cars-bot schedules ...`: the Celery Beat replacement operated from a terminal — apply the
 * schedules declared in code, see them, run one now, pause and resume with a note.
 */
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config';
import type { ScheduleDefinition, ScheduleStatus } from '../../schedules';
import { scheduleDefinitions } from '../../schedules/definitions';
import { findSchedule } from '../../schedules/lookup';

/** Schedule ids for help texts (they don't depend on settings). */
const KNOWN_IDS = scheduleDefinitions({ schedules: { timezone: 'UTC' } }).map((d) => d.id);

type Operations = typeof import('../../schedules');

/**
 * Runs `fn` with a client, the declared schedules and the schedule operations (loaded now, not
 * for `--help`), closing the connection afterwards. A schedule id is checked before connecting.
 */
async function withSchedules(
  fn: (client: Client, definitions: ScheduleDefinition[], ops: Operations, config: AppConfig) => Promise<void>,
  id?: string,
): Promise<void> {
  const { cliContext } = await import('../context');
  const { withClient } = await import('../../temporal/client');
  const ops = await import('../../schedules');
  const { config } = cliContext();
  const definitions = scheduleDefinitions(config);
  if (id !== undefined) findSchedule(definitions, id);
  await withClient(config, (client) => fn(client, definitions, ops, config));
}

function time(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function flags(s: ScheduleStatus): string {
  if (!s.exists) return 'not on the server yet (run `schedules apply`)';
  if (!s.managed) return 'not created by cars-bot (left alone)';
  if (!s.declared) return 'no longer declared (`schedules apply` deletes it)';
  return '';
}

/** The drift line: what differs from the code, and what apply will do about it. */
function driftLine(s: ScheduleStatus): string | undefined {
  if (s.drift.length === 0) return undefined;
  const parts: string[] = [];
  if (s.drift.includes('edited live')) parts.push(`edited live (declared: ${s.declaredSpec ?? '?'}${s.args && s.declared ? `, input ${JSON.stringify(s.args)}` : ''}; \`schedules apply\` keeps it, --reset restores the code's)`);
  if (s.drift.includes('code changed')) parts.push(s.drift.includes('edited live') ? 'code changed (applied with --reset)' : 'code changed (`schedules apply` updates it)');
  return `  drift     ${parts.join('; ')}`;
}

/** One block per schedule: header line, then next runs, last run, note. */
export function formatScheduleList(statuses: readonly ScheduleStatus[]): string {
  if (statuses.length === 0) return 'No schedules declared or found.';
  return statuses
    .map((s) => {
      const state = s.exists ? (s.paused ? 'PAUSED' : 'active') : '-';
      // What the server runs it at, not what the code says: a live edit shows as it is.
      const spec = s.liveSpec ?? s.declaredSpec;
      const when = spec ? `${spec} (${s.timezone ?? 'UTC'})` : `(${s.timezone ?? 'UTC'})`;
      const lines = [`${s.scheduleId}  ${s.workflowType ?? '?'}  ${when}  ${state}`];
      const flag = flags(s);
      if (flag) lines.push(`  !         ${flag}`);
      const drift = driftLine(s);
      if (drift) lines.push(drift);
      if (s.replaces) lines.push(`  replaces  Celery Beat ${s.replaces}`);
      if (s.nextRunTimes.length > 0) lines.push(`  next      ${s.paused ? '(paused; when resumed) ' : ''}${s.nextRunTimes.map(time).join(', ')}`);
      if (s.lastRun) {
        const r = s.lastRun;
        const outcome = r.failure ? `${r.status}: ${r.failure}` : r.status;
        lines.push(`  last      ${time(r.takenAt)}  ${outcome}  ${r.workflowId}`);
      } else if (s.exists) {
        lines.push('  last      (no runs yet)');
      }
      if (s.running.length > 0) lines.push(`  running   ${s.running.join(', ')}`);
      if (s.note) lines.push(`  note      ${s.note}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

const idHelp = `\nSchedule ids: ${KNOWN_IDS.join(', ')}`;

/** Adds `schedules apply|list|run|pause|resume`, so operators manage schedules without the Temporal CLI. */
export function registerSchedules(program: Command): void {
  const schedules = program
    .command('schedules')
    .summary('apply, list, run, pause and resume the schedules (Celery Beat)')
    .description('Temporal Schedules declared in src/schedules/definitions.ts (what Celery Beat ran): apply, list, run, pause, resume.')
    .addHelpText(
      'after',
      `${idHelp}\n\nThe same schedules can be seen and edited with \`temporal schedule list|describe|trigger|toggle\` and in the Web UI.\n\nExamples:\n  cars-bot schedules apply --dry-run\n  cars-bot schedules list\n  cars-bot schedules pause sync-channels --note "sheet under maintenance"`,
    );

  schedules
    .command('apply')
    .description(
      'Make the server match the declared schedules: create missing, update changed (keeping pauses and notes set by operators, and times or input edited live — `schedules set`, the Web UI, `temporal schedule update` — unless --reset), delete ours no longer declared. Schedules not created by cars-bot are never touched. Exits 1 on a conflict or failure.',
    )
    .option('--dry-run', 'print the plan and change nothing')
    .option('--reset', 'write the declared schedules over live edits of their times and input')
    .addHelpText('after', '\nExamples:\n  cars-bot schedules apply --dry-run\n  cars-bot schedules apply\n  cars-bot schedules apply --reset --dry-run\n  TEMPORAL_ADDRESS=temporal:7233 cars-bot schedules apply')
    .action(async (opts: { dryRun?: boolean; reset?: boolean }) => {
      await withSchedules(async (client, definitions, ops, config) => {
        const result = await ops.applySchedules(client, definitions, { dryRun: opts.dryRun, reset: opts.reset });
        process.stdout.write(`Schedules in namespace ${config.temporal.namespace} (time zone ${config.schedules.timezone}):\n${ops.formatApplyResult(result)}\n`);
        if (ops.applyHadProblems(result)) process.exitCode = 1;
      });
    });

  schedules
    .command('list')
    .description('Show each schedule with its next runs, last run and its outcome, paused state and note.')
    .option('--json', 'print as JSON')
    .option('--next <n>', 'how many upcoming run times to show', '3')
    .addHelpText('after', '\nExamples:\n  cars-bot schedules list\n  cars-bot schedules list --json --next 5')
    .action(async (opts: { json?: boolean; next: string }) => {
      const nextRuns = Number(opts.next);
      if (!Number.isInteger(nextRuns) || nextRuns < 0) throw new Error(`--next expects a whole number, got "${opts.next}"`);
      await withSchedules(async (client, definitions, ops) => {
        const statuses = await ops.listSchedules(client, definitions, { nextRuns });
        process.stdout.write(`${opts.json ? JSON.stringify(statuses, null, 2) : formatScheduleList(statuses)}\n`);
      });
    });

  schedules
    .command('set <id>')
    .description(
      "Change a schedule's times or input on the server, at run time (django-celery-beat's admin edit). The code is not changed: `schedules list` shows it as `drift: edited live`, `schedules apply` keeps the edit, `schedules apply --reset` restores the declared schedule.",
    )
    .option('--cron <expression>', 'new times as a cron expression (5 fields, in the schedule\'s time zone)')
    .option('--every <interval>', 'new times as an interval: 30s, 15m, 1h, 1d')
    .option('--input <json>', "new input for every run: the job's options as a JSON object")
    .addHelpText(
      'after',
      `${idHelp}\n\nExamples:\n  cars-bot schedules set sync-channels --every 30m\n  cars-bot schedules set cleanup --cron '30 4 * * *'\n  cars-bot schedules set check-subscriptions --input '{"warnDaysBefore": 5}'\n  cars-bot schedules apply --reset`,
    )
    .action(async (id: string, opts: { cron?: string; every?: string; input?: string }) => {
      let input: Record<string, unknown> | undefined;
      if (opts.input !== undefined) {
        try {
          input = JSON.parse(opts.input) as Record<string, unknown>;
        } catch (err) {
          throw new Error(`--input: not valid JSON: ${(err as Error).message}`);
        }
      }
      await withSchedules(async (client, definitions, ops) => {
        const status = await ops.editSchedule(client, definitions, id, { cron: opts.cron !== undefined ? [opts.cron] : undefined, every: opts.every !== undefined ? [opts.every] : undefined, input });
        process.stdout.write(`${formatScheduleList([status])}\n`);
      }, id);
    });

  schedules
    .command('run <id>')
    .description("Run a schedule's job now, as if the schedule fired (its overlap policy applies unless --allow-overlap).")
    .option('--allow-overlap', 'start it even if a run of this schedule is still in progress')
    .addHelpText('after', `${idHelp}\n\nExamples:\n  cars-bot schedules run sync-channels\n  cars-bot schedules run cleanup --allow-overlap\n\nTo start a job outside its schedule and wait for its result: cars-bot job run <name> --wait`)
    .action(async (id: string, opts: { allowOverlap?: boolean }) => {
      await withSchedules(async (client, definitions, ops) => {
        const triggered = await ops.triggerSchedule(client, definitions, id, { allowOverlap: opts.allowOverlap });
        process.stdout.write(`Triggered ${id}.\n`);
        if (triggered.runningBefore.length > 0 && triggered.overlap === 'SKIP') {
          process.stdout.write(`Note: ${triggered.runningBefore.join(', ')} is still running and the overlap policy is SKIP, so this run may be skipped; use --allow-overlap to force it.\n`);
        }
      }, id);
    });

  schedules
    .command('pause <id>')
    .description('Pause a schedule (runs in progress go on). `schedules apply` keeps the pause and the note.')
    .option('--note <text>', 'why it is paused (shown in `schedules list`, `temporal schedule describe` and the Web UI)')
    .addHelpText('after', `${idHelp}\n\nExamples:\n  cars-bot schedules pause sync-channels --note "Channels sheet being reorganised"\n  cars-bot schedules pause cleanup`)
    .action(async (id: string, opts: { note?: string }) => {
      await withSchedules(async (client, definitions, ops) => {
        const state = await ops.pauseSchedule(client, definitions, id, opts.note);
        process.stdout.write(`${id}: ${state.paused ? 'paused' : 'active'}${state.note ? ` (note: ${state.note})` : ''}\n`);
      }, id);
    });

  schedules
    .command('resume <id>')
    .description('Resume a paused schedule; it runs again at its next due time.')
    .option('--note <text>', 'a note for the record')
    .addHelpText('after', `${idHelp}\n\nExamples:\n  cars-bot schedules resume sync-channels\n  cars-bot schedules resume cleanup --note "retention fixed"`)
    .action(async (id: string, opts: { note?: string }) => {
      await withSchedules(async (client, definitions, ops) => {
        const state = await ops.resumeSchedule(client, definitions, id, opts.note);
        process.stdout.write(`${id}: ${state.paused ? 'paused' : 'active'}${state.note ? ` (note: ${state.note})` : ''}\n`);
      }, id);
    });
}
