/**
 * Task queues, split by workload so each can be scaled and rate-limited on its own
 * (the Celery setup's five queues, SPEC §2).
 */
export const TASK_QUEUES = {
  /** All workflow tasks and quick database activities. */
  workflows: 'cars-bot',
  /** OpenAI calls. */
  ai: 'ai',
  /** Telegram sends to our channel (global posts/min limit). */
  publishing: 'publishing',
  /** Telegram direct messages (contacts, notices, alerts). */
  notifications: 'notifications',
  /** Google Sheets reads and writes (global requests/min limit). */
  sheets: 'sheets',
  /** Stats, cleanup, health checks. */
  monitoring: 'monitoring',
  /** Reads of source channels by the channel watchers (global reads/min limit: one account's pace). */
  monitor: 'monitor',
} as const;

export type QueueKey = keyof typeof TASK_QUEUES;
export type TaskQueueName = (typeof TASK_QUEUES)[QueueKey];

export const ALL_TASK_QUEUES: readonly TaskQueueName[] = Object.values(TASK_QUEUES);

/** Parses a `--queues ai,publishing` list; unknown names are an error that lists the valid ones. */
export function parseQueueList(text: string | undefined): TaskQueueName[] {
  if (!text || text.trim() === '' || text.trim() === 'all') return [...ALL_TASK_QUEUES];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL_TASK_QUEUES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(`unknown task queue(s): ${unknown.join(', ')}; valid: ${ALL_TASK_QUEUES.join(', ')} or all`);
  }
  return [...new Set(names)] as TaskQueueName[];
}
