import { InvalidArgumentError, type Command } from 'commander';
import { HEALTH_COMPONENTS, type HealthReport, type QueueHealth } from '../../common/health';
import { formatAge } from '../../temporal/queue-health';

/** The task queues under `workers`: backlog, the oldest task's age, pollers and their last poll. */
function formatQueues(queues: QueueHealth[], checkedAt: number): string[] {
  const rows = queues.map((q) => [
    q.taskQueue,
    q.kind,
    String(q.backlog),
    q.backlog > 0 ? formatAge(q.oldestAgeMs) : '-',
    `${q.livePollers}/${q.pollers.length}`,
    q.lastPollAt ? `${formatAge(checkedAt - Date.parse(q.lastPollAt))} ago` : 'never',
    q.status,
  ]);
  const header = ['queue', 'kind', 'backlog', 'oldest', 'live/pollers', 'last poll', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((cells) => `    ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd());
}

/** Renders the report as a table for people. */
export function formatHealthReport(report: HealthReport): string {
  const checkedAt = Date.parse(report.checkedAt);
  const rows = report.checks.flatMap((c) => [
    `  ${c.component.padEnd(10)} ${c.status.padEnd(8)} ${String(c.latencyMs).padStart(6)} ms  ${c.detail ?? ''}`.trimEnd(),
    ...(c.queues ? formatQueues(c.queues, checkedAt) : []),
  ]);
  return [`${report.healthy ? 'HEALTHY' : 'UNHEALTHY'} (checked ${report.checkedAt})`, ...rows].join('\n');
}

/** `--recheck <ms>`: milliseconds (5000), or a duration with its unit (500ms, 5s, 1m); at most 10 minutes. */
export function parseRecheckMs(value: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] ?? 'ms']! : NaN;
  if (!Number.isSafeInteger(ms) || ms > 600_000) {
    throw new InvalidArgumentError('expected milliseconds (5000) or a duration such as 500ms, 5s or 1m, at most 10m.');
  }
  return ms;
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .summary('run the healthCheck workflow now and print the report')
    .description('Run the healthCheck workflow now and print what it found, then each channel watcher\'s last poll, cursor and lag; exits 1 when a dependency is down.')
    .option('--json', 'print the report as JSON')
    .option('--recheck <ms>', 'probe a down component again after this long (ms, or 5s, 1m) before reporting it', parseRecheckMs, 0)
    .addHelpText('after', `\nComponents: ${HEALTH_COMPONENTS.join(', ')}\n\nExamples:\n  cars-bot health\n  cars-bot health --json\n  cars-bot health --recheck 5000`)
    .action(async (opts: { json?: boolean; recheck: number }) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { runHealthCheck } = await import('../../client/latest-health');
      const { formatWatcherStatus, readWatcherStatus } = await import('../../client/watcher-status');
      const { config } = cliContext();
      await withClient(config, async (client) => {
        const result = await runHealthCheck(client, { workflowId: `health-check-cli-${Date.now()}`, recheckAfterMs: opts.recheck });
        // Each channel watcher's last poll, cursor and lag, from the running watchers themselves.
        const watchers = await readWatcherStatus(client);
        process.stdout.write(`${opts.json ? JSON.stringify({ ...result, watchers }, null, 2) : `${formatHealthReport(result)}\n${formatWatcherStatus(watchers)}`}\n`);
        process.exitCode = result.healthy ? 0 : 1;
      });
    });
}
