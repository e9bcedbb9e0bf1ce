/**
 * updateAnalytics and exportEvents on the dev server, writing to the Sheets emulator through
 * the real googleapis client: rows an operator would see in the spreadsheet, and the database
 * marks that say what was exported.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { sql } from 'kysely';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { ExportEventsInput, ExportEventsResult, UpdateAnalyticsResult } from '../../src/common/sheets';
import { zonedDay } from '../../src/common/zoned-time';
import { recordHistory } from '../harness/histories';
import { countRequests, startSheetsParts, TEST_SPREADSHEET_ID, TEST_TIME_ZONE, type SheetsParts } from '../harness/sheets';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const ANALYTICS = ['period', 'posts received', 'car ads', 'duplicates', 'published', 'failed', 'AI calls', 'tokens', 'active subscribers'];
const EVENTS = ['time', 'type', 'post', 'user', 'details'];

describe('writing analytics and the event log to Sheets on the dev server', () => {
  let t: TestTemporal;
  let parts: SheetsParts;
  let runs = 0;
  let messageId = 0;

  beforeAll(async () => {
    t = await openTestTemporal({ SHEETS_RATE_PER_MINUTE: '6000' });
    // The spreadsheet starts without Analytics and Events tabs: the jobs create them.
    parts = await startSheetsParts({ spreadsheets: { [TEST_SPREADSHEET_ID]: { sheets: { Channels: [['channel']] } } } });
    await t.startWorkers(parts.activities, { queues: [TASK_QUEUES.workflows, TASK_QUEUES.sheets] });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });
  beforeEach(() => {
    parts.emulator.reset();
    parts.requestLog.length = 0;
    parts.onRequest = undefined;
  });

  async function run<R>(type: string, args: unknown[]): Promise<{ handle: WorkflowHandle; result: R }> {
    const handle = await t.client.workflow.start(type, { taskQueue: TASK_QUEUES.workflows, workflowId: `${type}-test-${++runs}`, args });
    return { handle, result: (await handle.result()) as R };
  }
  const receivePosts = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await parts.store.upsertPost({ source: '@cars_kz', messageId: ++messageId, text: `Продаю авто ${messageId}`, photos: [], postedAt: null });
    }
  };
  const sheet = (title: string) => parts.emulator.getValues(TEST_SPREADSHEET_ID, title);

  test('the day\'s analytics row is updated, not duplicated, on the next run', async () => {
    await sql`truncate table posts, subscribers restart identity cascade`.execute(parts.database.db);
    await parts.store.replaceSubscribers([{ telegramUserId: 4242, plan: 'month' }, { telegramUserId: 5353, plan: 'week', expiresAt: new Date('2000-01-01T00:00:00Z') }]);
    await receivePosts(3);
    const today = zonedDay(Date.now(), TEST_TIME_ZONE);

    const first = await run<UpdateAnalyticsResult>('updateAnalytics', [{ day: today }]);
    expect(first.result).toEqual({ period: today, action: 'appended', row: 2, cells: [today, 3, 0, 0, 0, 0, 0, 0, 1] });
    expect(sheet('Analytics')).toEqual([ANALYTICS, [today, 3, 0, 0, 0, 0, 0, 0, 1]]);

    await receivePosts(2);
    const second = await run<UpdateAnalyticsResult>('updateAnalytics', [{ day: today }]);
    expect(second.result).toMatchObject({ period: today, action: 'updated', row: 2 });
    expect(sheet('Analytics')).toEqual([ANALYTICS, [today, 5, 0, 0, 0, 0, 0, 0, 1]]);
    await recordHistory(second.handle, 'update-analytics');

    // Another day gets a row of its own; today's row is still updated in place after it.
    const older = await run<UpdateAnalyticsResult>('updateAnalytics', [{ day: '2026-01-15' }]);
    expect(older.result).toMatchObject({ action: 'appended', row: 3, cells: ['2026-01-15', 0, 0, 0, 0, 0, 0, 0, 1] });
    expect((await run<UpdateAnalyticsResult>('updateAnalytics', [{ day: today }])).result).toMatchObject({ action: 'updated', row: 2 });
    expect(sheet('Analytics').map((r) => r[0])).toEqual(['period', today, '2026-01-15']);
  });

  test('500 pending events go out in three appends; one failed append loses and duplicates nothing', async () => {
    await sql`truncate table events restart identity`.execute(parts.database.db);
    for (let n = 0; n < 500; n += 1) await parts.store.recordEvent({ type: n % 2 ? 'subscription.warned' : 'contact.sent', userId: 1000 + n, payload: { n } });
    // The append after the first successful one fails (503): decided as the first answer goes out.
    let injected = false;
    parts.onRequest = (line) => {
      if (!injected && line.startsWith('values.append 200')) {
        injected = true;
        parts.emulator.faults.configure({ failNext: { count: 1, status: 503 } });
      }
    };

    const { handle, result } = await run<ExportEventsResult>('exportEvents', []);
    expect(result).toEqual({ exported: 500, batches: 3, more: false });
    expect(countRequests(parts.requestLog, 'values.append', 200)).toBe(3);
    expect(countRequests(parts.requestLog, 'values.append', 503)).toBe(1);

    const rows = sheet('Events');
    expect(rows[0]).toEqual(EVENTS);
    const numbers = rows.slice(1).map((r) => (JSON.parse(String(r[4])) as { n: number }).n);
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, n) => n));
    expect(rows[1]).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), 'contact.sent', '', 1000, '{"n":0}']);
    expect(await parts.store.pendingEvents(1000)).toEqual([]);

    const attempts = ((await handle.fetchHistory()).events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes?.attempt ? [e.activityTaskStartedEventAttributes.attempt] : []));
    expect(Math.max(...attempts)).toBe(2);

    // Nothing pending: no Sheets request at all.
    parts.requestLog.length = 0;
    expect((await run<ExportEventsResult>('exportEvents', [])).result).toEqual({ exported: 0, batches: 0, more: false });
    expect(parts.requestLog).toEqual([]);
  });

  test('a run stops after maxBatches and says more events are waiting', async () => {
    await sql`truncate table events restart identity`.execute(parts.database.db);
    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Events', [EVENTS]);
    for (let n = 0; n < 120; n += 1) await parts.store.recordEvent({ type: 'contact.sent', userId: 4242, payload: { n } });
    const input: ExportEventsInput = { batchSize: 50, maxBatches: 2 };
    const first = await run<ExportEventsResult>('exportEvents', [input]);
    expect(first.result).toEqual({ exported: 100, batches: 2, more: true });
    await recordHistory(first.handle, 'export-events');
    expect((await run<ExportEventsResult>('exportEvents', [input])).result).toEqual({ exported: 20, batches: 1, more: false });
    expect(sheet('Events')).toHaveLength(121);
  });

  test('bad input fails the run at once with a readable reason', async () => {
    const handle = await t.client.workflow.start('exportEvents', { taskQueue: TASK_QUEUES.workflows, workflowId: `exportEvents-bad-${++runs}`, args: [{ batchSize: 0 }] });
    const failed = (await handle.result().catch((err: unknown) => err)) as Error & { cause?: Error };
    expect(failed.message).toMatch(/Workflow execution failed/);
    // Decoded by the client's data converter (the history holds the message encrypted).
    expect(failed.cause?.message).toBe('invalid exportEvents input: batchSize: expected a whole number from 1 to 1000');
  });
});
