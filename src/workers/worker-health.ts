/**
 * Whether a worker process can do its job: every worker it runs is RUNNING with no failed
 * poller, and the Temporal server answers for the namespace on the very connection the workers
 * poll through. A container orchestrator (compose's healthcheck) asks this; a worker that can't
 * poll — server unreachable, namespace gone, poller failed, shutting down — reports unhealthy
 * with the reason, so `docker compose ps` shows it instead of a quietly idle process.
 */
import type { Worker } from '@temporalio/worker';

/** How long the server may take to answer the probe before the worker counts as unable to poll. */
export const PROBE_TIMEOUT_MS = 3_000;

/** The parts of a Worker the check reads (a real Worker has them; tests may pass less). */
export type CheckedWorker = Pick<Worker, 'getState' | 'getStatus'> & { options: { taskQueue: string } };

/** One queue's line in the report. */
export interface QueueHealth {
  taskQueue: string;
  /** The SDK's run state: RUNNING when it polls. */
  state: string;
  ok: boolean;
  problem?: string;
}

/** The whole answer: ok only when every queue is and the server answered. */
export interface WorkerHealthReport {
  ok: boolean;
  /** Why the server probe failed, when it did. */
  temporal: { ok: boolean; problem?: string };
  queues: QueueHealth[];
}

/** A round trip to the server through the workers' connection; rejects when it can't be made. */
export type ServerProbe = () => Promise<unknown>;

function queueHealth(worker: CheckedWorker): QueueHealth {
  const state = worker.getState();
  const taskQueue = worker.options.taskQueue;
  if (state !== 'RUNNING') return { taskQueue, state, ok: false, problem: `worker is ${state}` };
  const status = worker.getStatus();
  const failed = [status.workflowPollerState === 'FAILED' && 'workflow', status.activityPollerState === 'FAILED' && 'activity'].filter(Boolean);
  if (failed.length > 0) return { taskQueue, state, ok: false, problem: `${failed.join(' and ')} poller failed` };
  return { taskQueue, state, ok: true };
}

async function probeServer(probe: ServerProbe, timeoutMs: number): Promise<WorkerHealthReport['temporal']> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problem: `Temporal did not answer: ${message.split('\n')[0]}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks the workers and the server; never rejects (a failure is an unhealthy report). */
export async function checkWorkerHealth(workers: readonly CheckedWorker[], probe: ServerProbe, timeoutMs = PROBE_TIMEOUT_MS): Promise<WorkerHealthReport> {
  const queues = workers.map(queueHealth);
  const temporal = await probeServer(probe, timeoutMs);
  return { ok: workers.length > 0 && temporal.ok && queues.every((q) => q.ok), temporal, queues };
}
