import { WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { createCleanupActivities } from '../../src/activities/monitoring/cleanup-activities';
import type { CleanupInput, CleanupResult, DeleteRowsInput } from '../../src/common/cleanup';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { recordHistory } from '../harness/histories';
import { monitoringActivities } from '../harness/monitoring';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const DAY = 24 * 3_600_000;

describe('cleanup on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let runs = 0;
  const now = Date.now();

  const run = (input?: CleanupInput) =>
    t.client.workflow.start('cleanup', { taskQueue: TASK_QUEUES.workflows, workflowId: `cleanup-test-${++runs}`, args: input ? [input] : [] });
  const count = async (table: 'posts' | 'events' | 'stats_snapshots') =>
    (await parts.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const backdate = (table: 'posts' | 'events' | 'stats_snapshots', column: 'created_at' | 'taken_at', id: number, daysAgo: number) =>
    sql`update ${sql.table(table)} set ${sql.ref(column)} = ${new Date(now - daysAgo * DAY)} where id = ${id}`.execute(parts.database.db);

  /** `count` rows of each table dated `daysAgo` days back. */
  async function rowsFrom(daysAgo: number, counts: { posts: number; events: number; stats: number }): Promise<void> {
    for (let i = 0; i < counts.posts; i++) {
      const { post } = await parts.store.upsertPost({ source: `@cleanup_${daysAgo}`, messageId: i + 1, text: `ad ${daysAgo}-${i}` });
      await backdate('posts', 'created_at', post.id, daysAgo);
    }
    for (let i = 0; i < counts.events; i++) {
      const event = await parts.store.recordEvent({ type: 'test.event', payload: { daysAgo, i } });
      await backdate('events', 'created_at', event.id, daysAgo);
    }
    const figures = await parts.store.figures({ from: new Date(now - DAY), to: new Date(now) });
    for (let i = 0; i < counts.stats; i++) await parts.store.saveStatsSnapshot(figures, new Date(now - daysAgo * DAY));
  }

  beforeAll(async () => {
    [t, parts] = await Promise.all([openTestTemporal(), startPipelineParts()]);
    await t.startWorkers(await monitoringActivities(parts, t), { queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring] });
    await rowsFrom(100, { posts: 5, events: 0, stats: 0 });
    await rowsFrom(40, { posts: 0, events: 7, stats: 3 });
    await rowsFrom(5, { posts: 2, events: 1, stats: 1 });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('keeps what the input says and deletes the rest in batches, counting per table', async () => {
    const handle = await run({ keepDays: { events: 50 }, batchSize: 2 });
    const result = (await handle.result()) as CleanupResult;

    expect(result.tables.map(({ table, keepDays, deleted, batches }) => ({ table, keepDays, deleted, batches }))).toEqual([
      { table: 'posts', keepDays: 90, deleted: 5, batches: 3 },
      { table: 'events', keepDays: 50, deleted: 0, batches: 0 },
      { table: 'stats_snapshots', keepDays: 30, deleted: 3, batches: 2 },
    ]);
    expect(result.deleted).toBe(8);
    expect(new Date(result.tables[0].before).getTime()).toBeLessThanOrEqual(now - 90 * DAY + 60_000);
    expect({ posts: await count('posts'), events: await count('events'), stats: await count('stats_snapshots') }).toEqual({ posts: 2, events: 8, stats: 1 });

    // Each table is one activity on the monitoring queue that must heartbeat between batches.
    const history = await handle.fetchHistory();
    const scheduled = history.events?.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [])) ?? [];
    expect(scheduled.map((a) => [a.activityType?.name, a.taskQueue?.name])).toEqual(Array(3).fill(['deleteRowsBefore', TASK_QUEUES.monitoring]));
    expect(scheduled.every((a) => Number(a.heartbeatTimeout?.seconds) === 60)).toBe(true);
    await recordHistory(handle, 'cleanup');
  });

  test('with the default retention, 40-day-old events go too; a second run finds nothing', async () => {
    const first = (await (await run({ batchSize: 2 })).result()) as CleanupResult;
    const second = (await (await run()).result()) as CleanupResult;

    expect(first.tables.find((r) => r.table === 'events')).toMatchObject({ keepDays: 30, deleted: 7, batches: 4 });
    expect(first.deleted).toBe(7);
    expect(second.deleted).toBe(0);
    expect(await count('events')).toBe(1);
  });

  test('the activity heartbeats after every batch, and a retry adds to the count its last heartbeat carried', async () => {
    await rowsFrom(200, { posts: 0, events: 5, stats: 0 });
    const retry = new MockActivityEnvironment({ heartbeatDetails: { deleted: 4, batches: 2 } });
    const heartbeats: unknown[] = [];
    retry.on('heartbeat', (details: unknown) => heartbeats.push(details));
    const { deleteRowsBefore } = createCleanupActivities({ store: parts.store });

    const input: DeleteRowsInput = { table: 'events', before: new Date(now - 100 * DAY).toISOString(), batchSize: 2 };
    const result = await retry.run(deleteRowsBefore, input);

    expect(result).toEqual({ deleted: 9, batches: 5 });
    expect(heartbeats).toEqual([
      { deleted: 4, batches: 2 },
      { deleted: 6, batches: 3 },
      { deleted: 8, batches: 4 },
      { deleted: 9, batches: 5 },
    ]);
  });

  test('an unknown table or a bad number fails the run at once with a reason', async () => {
    const unknownTable = await (await run({ keepDays: { comments: 7 } as CleanupInput['keepDays'] })).result().catch((err: unknown) => err);
    const badBatch = await (await run({ batchSize: 0 })).result().catch((err: unknown) => err);

    expect(unknownTable).toBeInstanceOf(WorkflowFailedError);
    expect((unknownTable as WorkflowFailedError).cause).toMatchObject({ type: 'InvalidMonitoringInput', message: expect.stringContaining('unknown table(s) comments; tables: posts, events, stats_snapshots') });
    expect((badBatch as WorkflowFailedError).cause).toMatchObject({ type: 'InvalidMonitoringInput', message: expect.stringContaining('batchSize: expected a whole number from 1 to 10000, got 0') });
    expect(await count('posts')).toBe(2);
  });
});
