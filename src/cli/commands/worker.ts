import type { Command } from 'commander';
import { NativeConnection } from '@temporalio/worker';
import { createActivitiesByQueue } from '../../activities';
import { ALL_TASK_QUEUES, parseQueueList, TASK_QUEUES, type TaskQueueName } from '../../common/task-queues';

/** What each queue's activities need, for the error when it is missing. */
const QUEUE_NEEDS: Partial<Record<TaskQueueName, string>> = {
  ai: 'set OPENAI_API_KEY (or OPENAI_BASE_URL of an emulator with any key)',
  publishing: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  notifications: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  sheets: 'set GOOGLE_SHEETS_SPREADSHEET_ID and a service-account key (GOOGLE_SERVICE_ACCOUNT_FILE or _JSON)',
};
import { installRuntime } from '../../observability/runtime';
import { temporalAddress } from '../../temporal/client';
import { createDependencies } from '../../workers/dependencies';
import { createWorkers, runWorkers } from '../../workers/create-workers';
import { cliContext } from '../context';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run workers for the chosen task queues against an existing Temporal server (what `celery worker -Q` did). SIGINT/SIGTERM stop them gracefully.')
    .option('-q, --queues <list>', `comma-separated task queues: ${ALL_TASK_QUEUES.join(', ')}, or all`, 'all')
    .addHelpText('after', '\nExamples:\n  cars-bot worker --queues cars-bot\n  cars-bot worker --queues ai\n  cars-bot worker --queues publishing,notifications,sheets,monitoring')
    .action(async (opts: { queues: string }) => {
      const { config, log } = cliContext();
      const queues = parseQueueList(opts.queues);
      installRuntime(config);
      const address = temporalAddress(config);
      const connection = await NativeConnection.connect({ address });
      const deps = await createDependencies(config, { temporalAddress: address });
      try {
        const activities = createActivitiesByQueue(deps.activityDeps);
        const unserved = queues.filter((q) => q !== TASK_QUEUES.workflows && !activities[q]);
        if (unserved.length > 0) {
          throw new Error(
            `cannot serve ${unserved.join(', ')}: ${unserved.map((q) => QUEUE_NEEDS[q] ?? 'not configured').join('; ')}`,
          );
        }
        if (queues.includes(TASK_QUEUES.publishing) && !config.telegram.probeChatId) {
          log.warn('neither TELEGRAM_PROBE_CHAT_ID nor TELEGRAM_ADMIN_IDS is set: a send whose answer is lost cannot be checked, so its post fails "outcome unknown" instead of risking a second copy');
        }
        const workers = await createWorkers({ connection, config, activities, queues });
        log.info(`workers on ${address} polling: ${workers.map((w) => w.options.taskQueue).join(', ')}`);
        await runWorkers(workers);
      } finally {
        await deps.close();
        await connection.close();
      }
    });
}
