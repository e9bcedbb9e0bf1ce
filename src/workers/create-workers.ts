/**
 * Builds one Worker per task queue with that queue's activities and limits. The product's
 * processes and the tests both build their workers here, so tests run the real wiring.
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { ActivitiesByQueue } from '../activities';
import type { AppConfig } from '../config';
import { TASK_QUEUES, type TaskQueueName } from '../common/task-queues';
import { dataConverterFor } from '../temporal/data-converter';
import { deploymentOptionsFor } from './deployment';
import { queueWorkerOptions } from './worker-options';
import { workflowSourceForWorkers, type WorkflowSource } from './workflow-bundle';

export type { WorkflowSource } from './workflow-bundle';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  config: AppConfig;
  activities: ActivitiesByQueue;
  queues: readonly TaskQueueName[];
  /** The workflow code; default: the prebuilt bundle in dist/ when current, else bundled from source now. */
  workflows?: WorkflowSource;
  /** Where to say that the workflows had to be bundled at start. */
  log?: (line: string) => void;
  /** Extra options applied to every worker (tests use it for identity, sticky cache off ...). */
  overrides?: Partial<WorkerOptions>;
}

export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const { connection, config, activities, queues } = options;
  // Encrypts what the workers write and decrypts what they read; the bundle gets its failure converter.
  const dataConverter = dataConverterFor(config);
  const workflows = queues.includes(TASK_QUEUES.workflows) ? (options.workflows ?? (await workflowSourceForWorkers(options.log))) : undefined;
  const served = queues.filter((queue) => queue === TASK_QUEUES.workflows || activities[queue]); // others: nothing to serve in this build
  const created = await Promise.allSettled(
    served.map((queue) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: queue,
        ...(queue === TASK_QUEUES.workflows ? workflows : {}),
        activities: activities[queue],
        dataConverter,
        shutdownGraceTime: config.worker.shutdownGraceMs,
        ...queueWorkerOptions(queue, config),
        ...deploymentOptionsFor(config),
        ...options.overrides,
      }),
    ),
  );
  const workers = created.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await disposeWorkers(workers);
    throw failed.reason;
  }
  return workers;
}

/** Runs the workers until they are shut down (`shutdown()`, or a signal when the SDK runtime handles them). */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.run()));
}

/**
 * Stops workers whatever their state and waits until they let go of their connection: a worker
 * that was created but never run still holds it, and the process would never exit.
 */
export async function disposeWorkers(workers: readonly Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      const running = w.getState() === 'INITIALIZED' ? w.run() : undefined;
      if (w.getState() === 'RUNNING') w.shutdown();
      await running?.catch(() => undefined);
    }),
  );
}
