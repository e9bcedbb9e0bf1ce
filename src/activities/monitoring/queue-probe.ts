/**
 * The health check's `workers` component: every dependency can answer while the AI or the
 * publishing worker is dead and posts pile up. It asks Temporal about each task queue (backlog,
 * age of the oldest task, pollers and their last poll) and is down while a queue has had work
 * waiting longer than QUEUE_ALERT_AFTER with no worker polling it; the report lists every queue.
 */
import { assessQueues } from '../../temporal/queue-health';
import { describeTaskQueues, type TaskQueueSource } from '../../temporal/task-queue-status';
import { ProbeDown, ProbeFindings, type HealthProbe } from './health-activities';

/** Builds the probe over the namespace's task queues. */
export function queueProbe(source: TaskQueueSource, { alertAfterMs, now = Date.now }: { alertAfterMs: number; now?: () => number }): HealthProbe {
  return async () => {
    const queues = assessQueues(await describeTaskQueues(source), { now: now(), alertAfterMs });
    const starved = queues.filter((q) => q.status === 'no worker');
    const findings = new ProbeFindings(queues);
    if (starved.length > 0) throw new ProbeDown(starved.map((q) => q.problem).join('; '), findings);
    return findings;
  };
}
