/**
 * Per-queue worker settings: the limits that Celery set with `-c N` and `rate_limit`, here
 * enforced by the Temporal server for the whole queue (`maxTaskQueueActivitiesPerSecond`), so
 * they hold however many workers run.
 */
import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';
import type { TaskQueueName } from '../common/task-queues';

type QueueOptions = Pick<
  WorkerOptions,
  'maxTaskQueueActivitiesPerSecond' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentActivityTaskPolls' | 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions'
>;

export function queueWorkerOptions(queue: TaskQueueName, config: AppConfig): QueueOptions {
  switch (queue) {
    case 'cars-bot':
      // Workflow cache sized explicitly: the SDK's heuristic can exhaust memory on small hosts.
      return { maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 50, maxConcurrentActivityTaskExecutions: 50 };
    case 'ai':
      // OpenAI's rate, enforced by the server across all AI workers; many calls in flight per
      // worker, since each mostly waits on OpenAI (the cap only bounds open requests).
      return { maxTaskQueueActivitiesPerSecond: config.openai.requestsPerMinute / 60, maxConcurrentActivityTaskExecutions: config.openai.concurrency };
    case 'publishing':
      // A coarse pace of about PUBLISH_RATE_PER_MINUTE: what keeps any window under the limit is
      // the database's count of sends (see publish-activities.ts), which waits inside the attempt.
      // One poll at a time: the server hands a task to any open poll and marks the attempt
      // started, so a worker that stops running while its polls stay open (frozen, its event
      // loop blocked) swallows as many attempts as it has polls — each lost until its heartbeat
      // timeout. With one poll it swallows one at most.
      return { maxTaskQueueActivitiesPerSecond: config.limits.publishPerMinute / 60, maxConcurrentActivityTaskExecutions: 5, maxConcurrentActivityTaskPolls: 1 };
    case 'notifications':
      // About 30 messages a second overall for a bot; stay under it.
      return { maxTaskQueueActivitiesPerSecond: config.limits.notifyPerSecond, maxConcurrentActivityTaskExecutions: 25 };
    case 'sheets':
      // Google allows 60 requests a minute per service account.
      return { maxTaskQueueActivitiesPerSecond: config.limits.sheetsPerMinute / 60, maxConcurrentActivityTaskExecutions: 5 };
    case 'monitoring':
      return { maxConcurrentActivityTaskExecutions: 10 };
    case 'monitor':
      // One user account (or one address reading web previews) for every worker: the server
      // paces the whole queue, so adding workers never reads faster than the account may.
      return { maxTaskQueueActivitiesPerSecond: config.monitor.ratePerMinute / 60, maxConcurrentActivityTaskExecutions: 5 };
  }
}
