/** `cars-bot worker`: workers for chosen queues, against a running server, until a signal stops them. */
import { createActivitiesByQueue } from '../../activities';
import { parseQueueList, TASK_QUEUES, type TaskQueueName } from '../../common/task-queues';
import { processMetrics } from '../../observability/metrics';
import { startMetricsServer } from '../../observability/metrics-server';
import { installRuntime } from '../../observability/runtime';
import type { AppConfig } from '../../config';
import { connectClient, temporalAddress, unreachableHint } from '../../temporal/client';
import { describeDeployment, promoteIfFirst } from '../../temporal/worker-deployments';
import { connectNative } from '../../temporal/native-connection';
import { createDependencies } from '../../workers/dependencies';
import { createWorkers } from '../../workers/create-workers';
import { startHealthServer, type RunningHealthServer } from '../../workers/health-server';
import { checkWorkerHealth, PROBE_TIMEOUT_MS } from '../../workers/worker-health';
import { cliContext } from '../context';
import { handleShutdownSignals } from '../shutdown-signals';

/** What each queue's activities need, for the error when it is missing. */
const QUEUE_NEEDS: Partial<Record<TaskQueueName, string>> = {
  ai: 'set OPENAI_API_KEY (or OPENAI_BASE_URL of an emulator with any key)',
  publishing: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  notifications: 'set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT for an emulator)',
  sheets: 'set GOOGLE_SHEETS_SPREADSHEET_ID and a service-account key (GOOGLE_SERVICE_ACCOUNT_FILE or _JSON)',
};

/** Makes this build current when its deployment has none yet; says what to do otherwise. */
async function firstVersionCheck(config: AppConfig, address: string, log: (line: string) => void): Promise<void> {
  const deployment = config.worker.deployment!;
  const client = await connectClient(config, address, unreachableHint(config));
  try {
    if (await promoteIfFirst(client, deployment)) log(`${deployment.name}:${deployment.buildId} is the deployment's first version: made current`);
    else {
      const status = await describeDeployment(client, deployment.name);
      if (status?.currentBuildId !== deployment.buildId) log(`${deployment.name}:${deployment.buildId} takes new work once promoted: cars-bot deploy promote --build-id ${deployment.buildId} (current: ${status?.currentBuildId ?? 'none'})`);
    }
  } finally {
    await client.connection.close();
  }
}

export async function runWorkerCommand(queueList: string): Promise<void> {
  const { config, log } = cliContext();
  const queues = parseQueueList(queueList);
  const { sdkMetricsUrl } = await installRuntime(config, { sdkHandlesSignals: false });
  const metricsServer = config.metricsPort
    ? await startMetricsServer({ host: config.metricsHost, port: config.metricsPort, metrics: processMetrics(), sdkUrl: sdkMetricsUrl })
    : undefined;
  if (metricsServer) log.info(`metrics endpoint: ${metricsServer.url}`);
  try {
    await runWorkers(queues);
  } finally {
    await metricsServer?.close();
  }
}

async function runWorkers(queues: TaskQueueName[]): Promise<void> {
  const { config, log } = cliContext();
  const address = temporalAddress(config);
  const connection = await connectNative(config, address, unreachableHint(config));
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
      if (config.worker.deployment) {
        const { name, buildId } = config.worker.deployment;
        log.info(`Worker Versioning: these workers are version ${name}:${buildId}`);
        // A first build takes new work at once; a later one once promoted (`cars-bot deploy promote`).
        void firstVersionCheck(config, address, (line) => log.info(line)).catch((err: Error) => log.warn(`could not check whether ${name}:${buildId} should become current: ${err.message.split('\n')[0]}`));
      }
      log.info(`workers on ${address} (namespace ${config.temporal.namespace}, ${address === config.temporal.address ? config.temporal.profile.describe() : 'plain text'}) polling: ${workers.map((w) => w.options.taskQueue).join(', ')}`);
      const runs = workers.map((w) => w.run());
      const running = Promise.all(runs);
      running.catch(() => undefined); // awaited below; a failure before that must not end the process unhandled
      let health: RunningHealthServer | undefined;
      try {
        const { host, port } = config.worker.health;
        if (port !== undefined) {
          // The server answers for our namespace through the connection the workers poll on.
          const namespace = config.temporal.namespace;
          // Bounded by a deadline, so a check against a server that is down ends with it, retries and all.
          const probe = () => connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => connection.workflowService.describeNamespace({ namespace }));
          health = await startHealthServer({ host, port, check: () => checkWorkerHealth(workers, probe) });
          log.info(`health endpoint: ${health.url}`);
        }
        await running;
      } catch (err) {
        // A worker failed, or the health endpoint could not start: stop the others (so the
        // process exits and its supervisor restarts it), then report why.
        for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
        await Promise.allSettled(runs);
        throw err;
      } finally {
        stopSignals();
        await health?.close();
      }
      log.info('stopped.');
    } finally {
      await deps.close();
    }
  } finally {
    await connection.close();
  }
}
