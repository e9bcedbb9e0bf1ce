/** Schedules declared by the tests themselves, and helpers to read what the server has. */
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { ScheduleDefinition } from '../../src/schedules';
import { waitFor } from '../harness/wait-for';

/** A daily 03:00 UTC schedule without jitter; tests change what they test. */
export function testDefinition(id: string, overrides: Partial<ScheduleDefinition> = {}): ScheduleDefinition {
  return {
    id,
    workflowType: 'cleanup',
    args: [],
    cron: ['0 3 * * *'],
    timezone: 'UTC',
    overlap: 'SKIP',
    catchupWindow: '1h',
    jitter: '0s',
    workflowExecutionTimeout: '10m',
    paused: false,
    replaces: 'cleanup_task',
    note: `Test schedule ${id}.`,
    taskQueue: TASK_QUEUES.workflows,
    workflowIdPrefix: id,
    ...overrides,
  };
}

/** The schedule as the server describes it, or undefined when it doesn't exist. */
export async function describe(client: Client, id: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(id).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/** Ids the schedule list shows (eventually consistent, unlike describe). */
export async function listedIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of client.schedule.list()) ids.push(s.scheduleId);
  return ids.sort();
}

/** Waits until the schedule list shows every one of `ids`, so a plan that reads the list sees them. */
export async function waitUntilListed(client: Client, ids: string[]): Promise<void> {
  await waitFor(async () => {
    const listed = await listedIds(client);
    return ids.every((id) => listed.includes(id));
  }, { timeoutMs: 20_000, what: `schedules ${ids.join(', ')} in the list` });
}

/** The clock time of `date` in `timeZone`, as `HH:MM:SS`. */
export function clockIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(date);
}
