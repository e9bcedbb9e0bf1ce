/**
 * The rule behind the health check's `workers` component and the dashboard's liveness: a queue
 * is `no worker` only when work has waited longer than the alert delay and nobody polled it
 * within 90 s.
 */
import { assessQueues, formatAge, LIVE_POLLER_MS } from '../../src/temporal/queue-health';
import type { TaskQueueStatus } from '../../src/temporal/task-queue-status';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const queue = (over: Partial<TaskQueueStatus>): TaskQueueStatus => ({ taskQueue: 'ai', kind: 'activity', backlog: 0, oldestAgeMs: 0, pollers: [], ...over });
const assess = (q: Partial<TaskQueueStatus>, alertAfterMs = 60_000) => assessQueues([queue(q)], { now: NOW, alertAfterMs })[0];

describe('assessQueues', () => {
  test('a poller within 90 s is a live worker, whatever the backlog', () => {
    const q = assess({ backlog: 40, oldestAgeMs: 600_000, pollers: [{ identity: 'w1', lastAccessTime: ago(LIVE_POLLER_MS - 1_000) }] });
    expect(q).toMatchObject({ status: 'ok', livePollers: 1, lastPollAt: ago(LIVE_POLLER_MS - 1_000) });
    expect(q.problem).toBeUndefined();
  });

  test('no work and no worker is idle, not a problem', () => {
    expect(assess({ pollers: [{ identity: 'w1', lastAccessTime: ago(300_000) }] })).toMatchObject({ status: 'idle', livePollers: 0 });
  });

  test('work and no worker: waiting until the alert delay, then no worker with the reason', () => {
    expect(assess({ backlog: 2, oldestAgeMs: 59_000 }).status).toBe('waiting');
    const down = assess({ backlog: 2, oldestAgeMs: 125_000, pollers: [{ identity: 'w1', lastAccessTime: ago(LIVE_POLLER_MS + 5_000) }] });
    expect(down).toMatchObject({ status: 'no worker', livePollers: 0, pollers: [{ identity: 'w1' }] });
    expect(down.problem).toBe('ai: 2 activity tasks waiting, the oldest for 2m 5s, and no worker is polling (the last poll was 1m 35s ago): start one with cars-bot worker --queues ai');
    expect(assess({ taskQueue: 'cars-bot', kind: 'workflow', backlog: 1, oldestAgeMs: 61_000 }).problem).toMatch(/^cars-bot: 1 workflow tasks waiting, .*no worker has polled it lately/);
  });

  test('the alert delay is the setting', () => {
    expect(assess({ backlog: 1, oldestAgeMs: 5_000 }, 2_000).status).toBe('no worker');
    expect(assess({ backlog: 1, oldestAgeMs: 5_000 }, 10_000).status).toBe('waiting');
  });

  test('ages read as people say them', () => {
    expect([formatAge(0), formatAge(45_000), formatAge(60_000), formatAge(125_000), formatAge(3_780_000)]).toEqual(['0s', '45s', '1m', '2m 5s', '1h 3m']);
  });
});
