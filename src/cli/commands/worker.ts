import type { Command } from 'commander';
import { ALL_TASK_QUEUES } from '../../common/task-queues';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('run workers for chosen task queues against a running Temporal server')
    .description('Run workers for the chosen task queues against an existing Temporal server (what `celery worker -Q` did). Ctrl-C or SIGTERM stops them gracefully (in-flight activities get WORKER_SHUTDOWN_GRACE); a second one stops at once.')
    .option('-q, --queues <list>', `comma-separated task queues: ${ALL_TASK_QUEUES.join(', ')}, or all`, 'all')
    .addHelpText(
      'after',
      '\nExamples:\n  TEMPORAL_ADDRESS=localhost:7233 cars-bot worker --queues cars-bot\n  TEMPORAL_ADDRESS=localhost:7233 cars-bot worker --queues ai\n  TEMPORAL_ADDRESS=localhost:7233 cars-bot worker --queues publishing,notifications,sheets,monitoring',
    )
    .action(async (opts: { queues: string }) => {
      const { runWorkerCommand } = await import('./worker-run');
      await runWorkerCommand(opts.queues);
    });
}
