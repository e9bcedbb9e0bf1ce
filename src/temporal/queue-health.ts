/**
 * Whether each task queue has a worker: from what `DescribeTaskQueue` says (backlog, pollers
 * with their last poll), a queue whose work has waited longer than QUEUE_ALERT_AFTER while no
 * worker polled it within LIVE_POLLER_MS is `no worker`. The health check's `workers` component
 * and the dashboard's worker liveness read this one function.
 */
import type { QueueHealth } from '../common/health';
import type { TaskQueueStatus } from './task-queue-status';

/**
 * A poller seen this recently counts as a live worker. An idle worker's long poll comes back
 * empty after about a minute and it polls again at once, so its last poll is never older.
 */
export const LIVE_POLLER_MS = 90_000;

/** `2m 5s`, `45s`, `1h 3m`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
}

/** Each queue and kind with its liveness; `alertAfterMs` is QUEUE_ALERT_AFTER. */
export function assessQueues(statuses: readonly TaskQueueStatus[], { now, alertAfterMs }: { now: number; alertAfterMs: number }): QueueHealth[] {
  return statuses.map((q) => {
    const times = q.pollers.map((p) => (p.lastAccessTime ? Date.parse(p.lastAccessTime) : 0));
    const latest = times.length > 0 ? Math.max(...times) : 0;
    const livePollers = times.filter((t) => t > 0 && now - t <= LIVE_POLLER_MS).length;
    const base = { ...q, livePollers, lastPollAt: latest > 0 ? new Date(latest).toISOString() : null };
    if (livePollers > 0) return { ...base, status: 'ok' as const };
    if (q.backlog === 0) return { ...base, status: 'idle' as const };
    if (q.oldestAgeMs <= alertAfterMs) return { ...base, status: 'waiting' as const };
    const lastSeen = latest > 0 ? `the last poll was ${formatAge(now - latest)} ago` : 'no worker has polled it lately';
    const kind = q.kind === 'workflow' ? 'workflow tasks' : 'activity tasks';
    return {
      ...base,
      status: 'no worker' as const,
      problem: `${q.taskQueue}: ${q.backlog} ${kind} waiting, the oldest for ${formatAge(q.oldestAgeMs)}, and no worker is polling (${lastSeen}): start one with cars-bot worker --queues ${q.taskQueue}`,
    };
  });
}
