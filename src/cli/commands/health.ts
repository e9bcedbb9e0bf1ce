import type { Command } from 'commander';
import { HEALTH_COMPONENTS, type HealthReport } from '../../common/health';
import { TASK_QUEUES } from '../../common/task-queues';
import { connectClient } from '../../temporal/client';
import { cliContext } from '../context';

/** Renders the report as a table for people. */
export function formatHealthReport(report: HealthReport): string {
  const rows = report.checks.map((c) => `  ${c.component.padEnd(10)} ${c.status.padEnd(8)} ${String(c.latencyMs).padStart(6)} ms  ${c.detail ?? ''}`.trimEnd());
  return [`${report.healthy ? 'HEALTHY' : 'UNHEALTHY'} (checked ${report.checkedAt})`, ...rows].join('\n');
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('Run the healthCheck workflow now and print what it found; exits 1 when a dependency is down.')
    .option('--json', 'print the report as JSON')
    .option('--recheck <ms>', 'probe a down component again after this many ms before reporting it', '0')
    .addHelpText('after', `\nComponents: ${HEALTH_COMPONENTS.join(', ')}\n\nExamples:\n  npm run cli -- health\n  npm run cli -- health --json`)
    .action(async (opts: { json?: boolean; recheck: string }) => {
      const { config } = cliContext();
      const client = await connectClient(config);
      try {
        const report = await client.workflow.execute('healthCheck', {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: `health-check-cli-${Date.now()}`,
          args: [{ recheckAfterMs: Number(opts.recheck) }],
          workflowExecutionTimeout: '2m',
        });
        const result = report as HealthReport;
        process.stdout.write(`${opts.json ? JSON.stringify(result, null, 2) : formatHealthReport(result)}\n`);
        process.exitCode = result.healthy ? 0 : 1;
      } finally {
        await client.connection.close();
      }
    });
}
