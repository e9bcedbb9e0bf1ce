/**
 * Builds one Worker per task queue with that queue's activities and limits. The product's
 * processes and the tests both build their workers here, so tests run the real wiring.
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { ActivitiesByQueue } from '../activities';
import type { AppConfig } from '../config';
import { TASK_QUEUES, type TaskQueueName } from '../common/task-queues';
import { dataConverterFor } from '../temporal/data-converter';
import { queueWorkerOptions } from './worker-options';

/** A prebuilt workflow bundle (tests build it once per run), or the path of the workflows module. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

export const defaultWorkflowSource = (): WorkflowSource => ({ workflowsPath: require.resolve('../workflows') });

export interface CreateWorkersOptions {
  connection: NativeConnection;
  config: AppConfig;
  activities: ActivitiesByQueue;
  queues: readonly TaskQueueName[];
  workflows?: WorkflowSource;
  /** Extra options applied to every worker (tests use it for identity, sticky cache off ...). */
  overrides?: Partial<WorkerOptions>;
}

export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const { connection, config, activities, queues } = options;
  // Encrypts what the workers write and decrypts what they read; the bundle gets its failure converter.
  const dataConverter = dataConverterFor(config);
  const workers: Worker[] = [];
  for (const queue of queues) {
    const runsWorkflows = queue === TASK_QUEUES.workflows;
    const queueActivities = activities[queue];
    if (!runsWorkflows && !queueActivities) continue; // nothing to serve on this queue in this build
    workers.push(
      await Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: queue,
        ...(runsWorkflows ? (options.workflows ?? defaultWorkflowSource()) : {}),
        activities: queueActivities,
        dataConverter,
        shutdownGraceTime: config.worker.shutdownGraceMs,
        ...queueWorkerOptions(queue, config),
        ...options.overrides,
      }),
    );
  }
  return workers;
}

/** Runs the workers until they are shut down (SIGINT/SIGTERM via the SDK runtime, or `shutdown()`). */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.run()));
}
