/** `cars-bot worker`: workers for chosen queues, against a running server, until a signal stops them. */
import { createActivitiesByQueue } from '../../activities';
import { parseQueueList, TASK_QUEUES, type TaskQueueName } from '../../common/task-queues';
import { installRuntime } from '../../observability/runtime';
import { temporalAddress, unreachableHint } from '../../temporal/client';
import { connectNative } from '../../temporal/native-connection';
import { createDependencies } from '../../workers/dependencies';
import { createWorkers, runWorkers } from '../../workers/create-workers';
import { cliContext } from '../context';
import { handleShutdownSignals } from '../shutdown-signals';

/** What each queue's activities need, for the error when it is missing. */
const QUEUE_NEEDS: Partial<Record<TaskQueueName, string>> = {
  ai: 'set OPENAI_API_KEY (or OPENAI_BASE_URL of an emulator with any key)',
  publishing: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  notifications: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  sheets: 'set GOOGLE_SHEETS_SPREADSHEET_ID and a service-account key (GOOGLE_SERVICE_ACCOUNT_FILE or _JSON)',
};

export async function runWorkerCommand(queueList: string): Promise<void> {
  const { config, log } = cliContext();
  const queues = parseQueueList(queueList);
  installRuntime(config, { sdkHandlesSignals: false });
  const address = temporalAddress(config);
  const connection = await connectNative(address, unreachableHint(config));
  try {
    const deps = await createDependencies(config, { temporalAddress: address });
    try {
      const activities = createActivitiesByQueue(deps.activityDeps);
      const unserved = queues.filter((q) => q !== TASK_QUEUES.workflows && !activities[q]);
      if (unserved.length > 0) {
        throw new Error(`cannot serve ${unserved.join(', ')}: ${unserved.map((q) => QUEUE_NEEDS[q] ?? 'not configured').join('; ')}`);
      }
      if (queues.includes(TASK_QUEUES.publishing) && !config.telegram.probeChatId) {
        log.warn('neither TELEGRAM_PROBE_CHAT_ID nor TELEGRAM_ADMIN_IDS is set: a send whose answer is lost cannot be checked, so its post fails "outcome unknown" instead of risking a second copy');
      }
      const workers = await createWorkers({ connection, config, activities, queues, log: (line) => log.info(line) });
      const stopSignals = handleShutdownSignals({
        graceful: () => {
          log.info(`stopping… in-flight activities get up to ${config.worker.shutdownGraceMs / 1000} s (Ctrl-C again to stop at once)`);
          for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
        },
        force: async () => log.warn('stopping at once; activities still running are retried elsewhere after their timeouts'),
      });
      log.info(`workers on ${address} polling: ${workers.map((w) => w.options.taskQueue).join(', ')}`);
      try {
        await runWorkers(workers);
      } finally {
        stopSignals();
      }
      log.info('stopped.');
    } finally {
      await deps.close();
    }
  } finally {
    await connection.close();
  }
}
