/**
 * syncChannels and syncSubscribers on the dev server: the product's workers, the Sheets
 * emulator behind the real googleapis client, an in-memory database. Assertions are on what an
 * operator sees: database rows and the workflows' reports.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { SHEETS_FAILURE } from '../../src/common/failure-types';
import type { ChannelSyncResult, SubscriberSyncResult } from '../../src/common/sheets';
import { recordHistory } from '../harness/histories';
import { countRequests, startSheetsParts, TEST_SERVICE_ACCOUNT, TEST_SPREADSHEET_ID, type SheetsParts } from '../harness/sheets';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const CHANNELS = ['channel', 'title', 'active', 'notes'];
const SUBSCRIBERS = ['telegram id', 'username', 'plan', 'expires at', 'notes'];

describe('syncing the Channels and Subscribers sheets on the dev server', () => {
  let t: TestTemporal;
  let parts: SheetsParts;
  let runs = 0;

  beforeAll(async () => {
    // A high rate so the tests don't wait on the queue's limit; the limit itself is the product's wiring.
    t = await openTestTemporal({ SHEETS_RATE_PER_MINUTE: '6000' });
    parts = await startSheetsParts({ spreadsheets: { [TEST_SPREADSHEET_ID]: { sheets: { Channels: [CHANNELS], Subscribers: [SUBSCRIBERS] } } } });
    await t.startWorkers(parts.activities, { queues: [TASK_QUEUES.workflows, TASK_QUEUES.sheets] });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });
  beforeEach(async () => {
    parts.emulator.reset();
    parts.requestLog.length = 0;
    await sql`truncate table channels, subscribers restart identity`.execute(parts.database.db);
  });

  async function start(type: 'syncChannels' | 'syncSubscribers', input?: { allowEmpty?: boolean }): Promise<WorkflowHandle> {
    return t.client.workflow.start(type, { taskQueue: TASK_QUEUES.workflows, workflowId: `${type}-test-${++runs}`, args: input ? [input] : [] });
  }
  const syncChannels = async (input?: { allowEmpty?: boolean }) => {
    const handle = await start('syncChannels', input);
    return { handle, result: (await handle.result()) as ChannelSyncResult };
  };
  const syncSubscribers = async (input?: { allowEmpty?: boolean }) => {
    const handle = await start('syncSubscribers', input);
    return { handle, result: (await handle.result()) as SubscriberSyncResult };
  };
  const setChannels = (...rows: (string | boolean)[][]) => parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Channels', [CHANNELS, ...rows]);
  const activeChannels = async () => (await parts.store.listActiveChannels()).map((c) => c.chat);
  const attemptsOf = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes?.attempt ? [e.activityTaskStartedEventAttributes.attempt] : []));

  test('channels added to and removed from the sheet reach the database', async () => {
    setChannels(['@cars_kz', 'Cars KZ', 'TRUE'], ['https://t.me/Auto_Almaty', 'Авто Алматы', 'TRUE', 'main source'], ['@drive_ru', 'Drive', 'TRUE']);
    const first = await syncChannels();
    expect(first.result).toEqual({
      added: ['@cars_kz', '@auto_almaty', '@drive_ru'],
      changed: [],
      deactivated: [],
      skipped: [],
      listed: 3,
      emptySheetIgnored: false,
      sheetMissing: false,
    });
    expect(await activeChannels()).toEqual(['@auto_almaty', '@cars_kz', '@drive_ru']);

    // @auto_almaty deleted from the sheet, @drive_ru switched off, @kolesa_cars added, a title edited.
    setChannels(['@cars_kz', 'Cars Kazakhstan', 'TRUE'], ['@drive_ru', 'Drive', 'FALSE'], ['@kolesa_cars', 'Kolesa', '']);
    const second = await syncChannels();
    expect(second.result).toMatchObject({ added: ['@kolesa_cars'], changed: ['@cars_kz'], skipped: [], listed: 3 });
    expect([...second.result.deactivated].sort()).toEqual(['@auto_almaty', '@drive_ru']);
    expect(await activeChannels()).toEqual(['@cars_kz', '@kolesa_cars']);
    expect(await parts.store.isActiveChannel('@auto_almaty')).toBe(false);
    await recordHistory(second.handle, 'sync-channels');

    // Nothing changed in the sheet: nothing changes in the database.
    expect((await syncChannels()).result).toMatchObject({ added: [], changed: [], deactivated: [] });
  });

  test('bad rows are reported with their row numbers and skipped; the rest is applied', async () => {
    await parts.store.replaceChannels([{ chat: '@cars_kz' }, { chat: '@drive_ru', title: 'Drive' }]);
    setChannels(
      ['@cars_kz', 'Cars KZ', 'TRUE'],
      ['cars kz!!', 'Typo', 'TRUE'],
      ['@drive_ru', 'Drive', 'maybe'],
      ['@astana_auto', 'Astana auto', 'yes'],
      ['@cars_kz', 'Listed twice', 'FALSE'],
    );
    const { result } = await syncChannels();
    expect(result.skipped).toEqual([
      { row: 3, reason: 'channel: expected @username, a t.me link or a numeric chat id, got "cars kz!!"' },
      { row: 4, reason: 'active: expected TRUE/FALSE, yes/no or 1/0, got "maybe"' },
      { row: 6, reason: '@cars_kz is already listed in row 2; this row is ignored' },
    ]);
    expect(result).toMatchObject({ added: ['@astana_auto'], changed: ['@cars_kz'], deactivated: [], listed: 2 });
    // The channel whose row is broken stays as it was instead of being switched off.
    expect(await activeChannels()).toEqual(['@astana_auto', '@cars_kz', '@drive_ru']);
  });

  test('a wiped or missing sheet deactivates nothing, unless allowEmpty says it is meant', async () => {
    setChannels(['@cars_kz'], ['@auto_almaty']);
    await syncChannels();

    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Channels', []);
    expect((await syncChannels()).result).toEqual({ added: [], changed: [], deactivated: [], skipped: [], listed: 0, emptySheetIgnored: true, sheetMissing: false });
    setChannels(['not a channel', '', 'TRUE']);
    expect((await syncChannels()).result).toMatchObject({ deactivated: [], emptySheetIgnored: true, skipped: [{ row: 2 }] });
    parts.emulator.world.store.load({ [TEST_SPREADSHEET_ID]: { sheets: { Subscribers: [SUBSCRIBERS] } } });
    expect((await syncChannels()).result).toMatchObject({ deactivated: [], emptySheetIgnored: true, sheetMissing: true });
    expect(await activeChannels()).toEqual(['@auto_almaty', '@cars_kz']);

    const allowed = await syncChannels({ allowEmpty: true });
    expect([...allowed.result.deactivated].sort()).toEqual(['@auto_almaty', '@cars_kz']);
    expect(allowed.result.emptySheetIgnored).toBe(false);
    expect(await activeChannels()).toEqual([]);
  });

  test('subscribers: valid rows applied with their plans and end dates, bad ones reported and left as stored', async () => {
    await parts.store.replaceSubscribers([{ telegramUserId: 7777, username: 'dana', plan: 'month', expiresAt: new Date('2026-12-01T00:00:00Z') }]);
    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Subscribers', [
      SUBSCRIBERS,
      [4242, 'aigerim', 'month', '2026-12-31', ''],
      ['5353', '@bolat', 'Week', '30.11.2026 18:00', 'paid by transfer'],
      ['@erlan', 'erlan', 'month', '2026-12-31'],
      [7777, 'dana', 'platinum', '2027-01-31'],
      [8888, 'zhanna', 'year', 'next spring'],
    ]);
    const { handle, result } = await syncSubscribers();
    expect(result).toMatchObject({ added: [4242, 5353], changed: [], deactivated: [], listed: 2, emptySheetIgnored: false });
    expect(result.skipped).toEqual([
      { row: 4, reason: 'telegram id: expected a numeric Telegram user id, got "@erlan"' },
      { row: 5, reason: 'plan: unknown plan "platinum" (expected one of trial, week, month, quarter, year)' },
      { row: 6, reason: 'expires at: expected a date such as 2026-12-31 or 31.12.2026 (optionally with HH:MM), got "next spring"' },
    ]);
    // A date alone runs through that day in Almaty (UTC+5); a time is taken as written there.
    expect(await parts.store.getSubscriber(4242)).toMatchObject({ plan: 'month', username: 'aigerim', expiresAt: new Date('2026-12-31T19:00:00Z'), active: true });
    expect(await parts.store.getSubscriber(5353)).toMatchObject({ plan: 'week', username: 'bolat', expiresAt: new Date('2026-11-30T13:00:00Z'), notes: 'paid by transfer' });
    // Dana's row has a typo: her stored subscription is kept, not ended and not changed.
    expect(await parts.store.getSubscriber(7777)).toMatchObject({ plan: 'month', active: true, expiresAt: new Date('2026-12-01T00:00:00Z') });
    expect(await parts.store.getSubscriber(8888)).toBeUndefined();
    await recordHistory(handle, 'sync-subscribers');
  });

  test('Google over quota (429): retried with backoff, then the sync completes', async () => {
    setChannels(['@cars_kz']);
    parts.emulator.faults.configure({ failNext: { count: 2, status: 429 } });
    const { handle, result } = await syncChannels();
    expect(result.added).toEqual(['@cars_kz']);
    expect(countRequests(parts.requestLog, 'values.get', 429)).toBe(2);
    expect(countRequests(parts.requestLog, 'values.get', 200)).toBe(1);
    expect(Math.max(...(await attemptsOf(handle)))).toBe(3);
  });

  test('no access to the spreadsheet: the run fails at once with the reason, nothing is retried or changed', async () => {
    setChannels(['@cars_kz']);
    parts.emulator.setAccess(TEST_SPREADSHEET_ID, false);
    const handle = await start('syncChannels');
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause as ApplicationFailure;
    expect(cause.type).toBe(SHEETS_FAILURE.noAccess);
    expect(cause.message).toContain(`share it with ${TEST_SERVICE_ACCOUNT}`);
    expect(countRequests(parts.requestLog, 'values.get', 403)).toBe(1);
    expect(await activeChannels()).toEqual([]);
  });
});
