/**
 * `cars-bot job run <name>`: start a scheduled job now, outside its schedule — the old admin
 * API's async trigger (print the workflow id) and sync trigger (`--wait` for the result).
 */
import type { Command } from 'commander';
import { scheduleDefinitions } from '../../schedules/definitions';
import type { JobRun } from '../../client/jobs';
import { findJob, jobNames } from '../../schedules/lookup';

/** Job names for the help text (they don't depend on settings). */
const NAMES = jobNames(scheduleDefinitions({ schedules: { timezone: 'UTC' } }));

/** A finished run for people: status, then the result as JSON or the failure. */
export function formatJobRun(run: JobRun): string {
  if (run.status === undefined && run.scheduledFor) return `Scheduled ${run.workflowType} for ${run.scheduledFor}: ${run.workflowId} (run ${run.runId})`;
  if (run.status === undefined) return `Started ${run.workflowType}: ${run.workflowId} (run ${run.runId})`;
  if (run.status !== 'COMPLETED') return `${run.workflowId}: ${run.status}${run.failure ? ` — ${run.failure}` : ''}`;
  return `${run.workflowId}: COMPLETED\n${JSON.stringify(run.result ?? null, null, 2)}`;
}

/** Adds `job run`, the on-demand trigger of every declared job. */
export function registerJob(program: Command): void {
  const job = program
    .command('job')
    .summary('run a scheduled job now, outside its schedule')
    .description('Run a scheduled job now, outside its schedule.')
    .addHelpText('after', `\nJobs (schedule id or workflow type): ${NAMES.join(', ')}\n\nExamples:\n  cars-bot job run health-check --wait\n  cars-bot job run syncChannels`);

  job
    .command('run <name>')
    .description('Start the job with a readable workflow id (<job>-manual-<time>) and print the id at once; with --wait, wait and print the result (exit 1 if the run did not complete).')
    .option('--wait', 'wait for the run to finish and print its result')
    .option('--json', 'print the run (ids, status, result) as JSON')
    .option('--delay <duration>', 'start the run this much later: 30s, 15m, 1h30m, 2d (at most 30 days)')
    .option('--not-before <time>', 'start the run at this ISO 8601 time, e.g. 2026-12-02T07:00:00Z')
    .addHelpText(
      'after',
      `\nJobs (schedule id or workflow type): ${NAMES.join(', ')}\n\nExamples:\n  cars-bot job run health-check --wait\n  cars-bot job run cleanup\n  cars-bot job run collectStats --wait --json\n  cars-bot job run update-analytics --delay 10m`,
    )
    .action(async (name: string, opts: { wait?: boolean; json?: boolean; delay?: string; notBefore?: string }) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { startJob, waitForJob } = await import('../../client/jobs');
      const { config } = cliContext();
      const { startDelayOption } = await import('../start-delay-option');
      findJob(scheduleDefinitions(config), name); // an unknown name is told as such, whether or not Temporal is up
      const when = startDelayOption(opts);
      await withClient(config, async (client) => {
        const started = await startJob(client, scheduleDefinitions(config), name, { startDelayMs: when?.delayMs });
        if (!opts.wait) {
          process.stdout.write(`${opts.json ? JSON.stringify(started.run, null, 2) : formatJobRun(started.run)}\n`);
          return;
        }
        // The id goes out at once even when the result is waited for; stderr keeps --json output parseable.
        (opts.json ? process.stderr : process.stdout).write(`${formatJobRun(started.run)}; waiting for the result...\n`);
        const finished = await waitForJob(started.handle, started.run);
        process.stdout.write(`${opts.json ? JSON.stringify(finished, null, 2) : formatJobRun(finished)}\n`);
        process.exitCode = finished.status === 'COMPLETED' ? 0 : 1;
      });
    });
}
