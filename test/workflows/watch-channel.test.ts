/**
 * Channel watchers on the dev server: the product's workers (the monitor queue's reader
 * activity reads the Telegram emulator's web previews over HTTP), the real pipeline behind them
 * (OpenAI and Telegram emulators), syncChannels reading the Sheets emulator, an in-memory
 * database. The sellers' channel is one the bot is not a member of: only its watcher sees it.
 * Poll intervals are a second or two (the sheet's per-channel column), so "one poll" is short.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { ActivitiesByQueue } from '../../src/activities';
import { messagesToPost } from '../../src/bot/message-to-post';
import { watcherStateQuery, watcherWorkflowId, type WatchChannelResult, type WatcherState } from '../../src/common/monitor';
import { postWorkflowId, type ProcessPostResult } from '../../src/common/posts';
import type { ChannelSyncResult } from '../../src/common/sheets';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { startSheetsEmulator, type SheetsEmulator } from '../../emulators/sheets';
import { PREVIEW_FAULT_KIND, TelegramControlClient } from '../../emulators/telegram';
import { startChannelWatchers } from '../../src/client/start-watchers';
import { formatWatcherStatus, readWatcherStatus } from '../../src/client/watcher-status';
import { readDashboard } from '../../src/api/dashboard/dashboard-data';
import { startPostWorkflow } from '../../src/client/start-post';
import { recordHistory } from '../harness/histories';
import { startPipelineParts, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { testServiceAccountJson, TEST_SPREADSHEET_ID } from '../harness/sheets';
import { openTestTemporal, type RunningWorkers, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

const SELLERS = '@sellers_market';
const ADMIN_CHANNEL = '@bot_admin_here';
const POLL_SECONDS = 2;
const CHANNELS_HEADER = ['channel', 'title', 'active', 'notes', 'poll interval'];
const ad = (n: number) => `Продаю Toyota Camry ${2000 + n}, ${90 + n} 000 км, автомат, ${10 + n} 500 000 тг, Алматы, +7 701 123 45 ${String(10 + n).padStart(2, '0')}`;

describe('watchChannel on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let sheets: SheetsEmulator;
  let activities: ActivitiesByQueue;
  let workers: RunningWorkers;
  let syncs = 0;

  beforeAll(async () => {
    // Reads paced well above what the tests do; the pace itself is the product's wiring.
    t = await openTestTemporal({ MONITOR_RATE_PER_MINUTE: '600', SHEETS_RATE_PER_MINUTE: '6000' });
    sheets = await startSheetsEmulator({ spreadsheets: { [TEST_SPREADSHEET_ID]: { sheets: { Channels: [CHANNELS_HEADER] } } }, quotaPerMinute: 0 });
    // The product's wiring with watching on: web previews read from the Telegram emulator, the Channels sheet from the Sheets emulator.
    parts = await startPipelineParts({
      env: ({ telegram }) => ({
        MONITOR_READER: 'web-preview',
        MONITOR_PREVIEW_ROOT: telegram,
        GOOGLE_SHEETS_SPREADSHEET_ID: TEST_SPREADSHEET_ID,
        GOOGLE_SERVICE_ACCOUNT_JSON: testServiceAccountJson(),
        GOOGLE_SHEETS_ROOT_URL: sheets.url,
      }),
    });
    parts.telegramEmulator.addChat({ type: 'channel', username: SELLERS, title: 'Sellers market', botStatus: 'left' });
    parts.telegramEmulator.addChat({ type: 'channel', username: ADMIN_CHANNEL, title: 'Bot is admin' });
    activities = parts.activities;
    workers = await t.startWorkers(activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
    await sheets?.close();
  });

  const setChannels = (...rows: (string | number)[][]) => sheets.setValues(TEST_SPREADSHEET_ID, 'Channels', [CHANNELS_HEADER, ...rows]);
  const syncChannels = async () => {
    const handle = await t.client.workflow.start('syncChannels', { taskQueue: TASK_QUEUES.workflows, workflowId: `sync-channels-test-${++syncs}` });
    return { handle, result: (await handle.result()) as ChannelSyncResult };
  };
  const watcher = (channel: string): WorkflowHandle => t.client.workflow.getHandle(watcherWorkflowId(channel));
  const stateOf = (channel: string): Promise<WatcherState> => watcher(channel).query(watcherStateQuery);
  /** Waits until the watcher has read its channel at least once after `since` (its cursor is then set). */
  const polledSince = (channel: string, since: number) =>
    waitFor(async () => {
      const s = await stateOf(channel);
      return s.lastSuccessAt !== undefined && Date.parse(s.lastSuccessAt) >= since && s.cursor !== null ? s : undefined;
    }, { timeoutMs: 40_000, what: `a read of ${channel}` });
  const result = async (workflowId: string): Promise<ProcessPostResult> => (await t.client.workflow.getHandle(workflowId).result()) as ProcessPostResult;
  /** Every run of a workflow id (a post processed twice would have two). */
  const runsOf = async (workflowId: string) => {
    const runs = [];
    for await (const w of t.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
    return runs;
  };

  test('syncChannels starts a watcher for the sheet\'s channel; a post there is processed and published within one poll', async () => {
    setChannels([SELLERS, 'Sellers', 'TRUE', '', POLL_SECONDS], [ADMIN_CHANNEL, 'Admin', 'TRUE', '', POLL_SECONDS], ['-1001234567890', 'Private', 'TRUE', '', '']);
    const sync = await syncChannels();
    expect(sync.result.watchers).toEqual({
      started: [ADMIN_CHANNEL, SELLERS],
      running: [],
      stopped: [],
      unreadable: [{ channel: '-1001234567890', reason: expect.stringContaining('TELEGRAM_SESSION') }],
    });
    const first = await polledSince(SELLERS, 0);
    expect(first).toMatchObject({ reader: 'web-preview', cursor: 0, pollIntervalMs: POLL_SECONDS * 1000 });

    // Synced again: the watchers are left running, not started twice.
    expect((await syncChannels()).result.watchers).toMatchObject({ started: [], running: [ADMIN_CHANNEL, SELLERS] });

    const added = Date.now();
    const { messages } = parts.telegramEmulator.addChannelPost({ chat: SELLERS, text: ad(1), photos: 2 });
    const workflowId = postWorkflowId(SELLERS, messages[0].message_id);
    const described = await waitFor(() => t.client.workflow.getHandle(workflowId).describe().catch(() => undefined), { timeoutMs: 20_000, what: 'the post\'s workflow' });
    // Started at the watcher's next read: within one poll interval (and a little for the read itself).
    expect(described.startTime.getTime() - added).toBeLessThan(POLL_SECONDS * 1000 + 1500);
    const done = await result(workflowId);
    expect(done.status).toBe('published');
    // The watcher passed the channel's quiet hours (none here) in the post's input, so its run
    // recorded nothing for them: no patch marker, no local activity.
    const events = (await t.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    expect(events.filter((e) => e.markerRecordedEventAttributes).map((e) => e.markerRecordedEventAttributes?.markerName)).toEqual([]);
    const listing = parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => done.publishedMessageIds?.includes(m.messageId));
    expect(listing.length).toBe(2); // the two photos, as an album
    // Downloaded from the preview and uploaded (multipart): the listing's photos are the file ids the upload got.
    const sent = listing.map((m) => m.photos[0]);
    expect(new Set(sent).size).toBe(2);
    for (const photo of sent) {
      expect(photo).not.toMatch(/^https?:/);
      expect(parts.telegramEmulator.core.state.photo(photo)).toBeDefined();
    }
    const stored = await parts.store.getPostBySource(SELLERS, messages[0].message_id);
    expect(stored?.photos).toHaveLength(2);

    const state = await waitFor(async () => {
      const s = await stateOf(SELLERS);
      return s.cursor === messages[1].message_id ? s : undefined;
    }, { what: 'the cursor past the album' });
    expect(state).toMatchObject({ lag: 0, postsStarted: 1 });
    expect(state.lastError).toBeUndefined();
    const row = await parts.store.getWatcherState(SELLERS);
    expect(row).toMatchObject({ cursor: messages[1].message_id, reader: 'web-preview', lastError: null, postsStarted: 1 });
  });

  test('an edit that changes the ad is processed as a revision that replaces the listing; one that keeps the ad does nothing', async () => {
    const control = new TelegramControlClient(parts.telegramEmulator.url);
    await polledSince(SELLERS, Date.now());
    const { messages } = parts.telegramEmulator.addChannelPost({ chat: SELLERS, text: ad(5) });
    const id = messages[0].message_id;
    const first = await waitFor(() => result(postWorkflowId(SELLERS, id)).catch(() => undefined), { timeoutMs: 30_000, what: 'the post published' });
    expect(first.status).toBe('published');
    const ours = () => parts.telegramEmulator.sentMessages(TEST_CHANNEL).map((m) => m.messageId);
    expect(ours()).toEqual(expect.arrayContaining(first.publishedMessageIds!));

    // Decoration only (case, a hashtag): the same fingerprint, so nothing happens.
    await control.editChannelPost({ chat: SELLERS, message_id: id, text: `${ad(5).toUpperCase()} #авто` });
    const since = Date.now();
    await polledSince(SELLERS, since);
    await polledSince(SELLERS, Date.now());
    const revisionId = postWorkflowId(SELLERS, id, 2);
    expect(revisionId).toBe(`post-sellers_market-${id}-r2`);
    expect(await runsOf(revisionId)).toHaveLength(0);
    expect((await stateOf(SELLERS)).editsNoticed).toBe(0);

    // The price changed: a new fingerprint, processed as revision 2 within a poll, whose listing replaces the first.
    const changed = ad(5).replace('15 500 000 тг', '14 900 000 тг');
    expect(changed).not.toBe(ad(5));
    await control.editChannelPost({ chat: SELLERS, message_id: id, text: changed });
    const second = await waitFor(() => result(revisionId).catch(() => undefined), { timeoutMs: 30_000, what: 'the revision published' });
    expect(second.status).toBe('published');
    expect(second.postId).not.toBe(first.postId);
    expect((await parts.store.getPostRevisions(SELLERS, id)).map((p) => [p.revision, p.status, p.text])).toEqual([
      [1, 'published', ad(5)],
      [2, 'published', changed],
    ]);
    await waitFor(() => !ours().some((m) => first.publishedMessageIds!.includes(m)), { timeoutMs: 10_000, what: 'the first listing deleted' });
    const listing = parts.telegramEmulator.sentMessages(TEST_CHANNEL).find((m) => second.publishedMessageIds!.includes(m.messageId))!;
    expect(listing.plainText).toMatch(/14[\s\u00a0]?900[\s\u00a0]?000/);
    expect((await stateOf(SELLERS)).editsNoticed).toBe(1);
    // Polled again: the revision is not started twice.
    await polledSince(SELLERS, Date.now());
    expect(await runsOf(revisionId)).toHaveLength(1);
    expect(await runsOf(postWorkflowId(SELLERS, id, 3))).toHaveLength(0);
  });

  test('a post the bot also receives is processed once', async () => {
    await polledSince(ADMIN_CHANNEL, 0);
    const { messages, deliveredToBot } = parts.telegramEmulator.addChannelPost({ chat: ADMIN_CHANNEL, text: ad(2) });
    expect(deliveredToBot).toBe(true);
    // The bot's intake, as it takes a channel post (the update the emulator queued for it).
    const update = parts.telegramEmulator.pendingUpdates().find((u) => u.channel_post?.message_id === messages[0].message_id)!;
    const post = messagesToPost([update.channel_post!], { source: ADMIN_CHANNEL, messageId: messages[0].message_id, date: update.channel_post!.date })!;
    const fromBot = await startPostWorkflow(t.client, post);
    const since = Date.now();
    // The watcher reads the same post and hands it over too.
    await waitFor(async () => {
      const s = await polledSince(ADMIN_CHANNEL, since);
      return s.cursor === messages[0].message_id;
    }, { timeoutMs: 20_000, what: 'the watcher past the post' });
    expect((await result(fromBot.workflowId)).status).toBe('published');
    expect(await runsOf(fromBot.workflowId)).toHaveLength(1);
  });

  test('posts missed while the workers were down for three polls are processed after the restart, in order, none twice', async () => {
    const before = await polledSince(SELLERS, Date.now());
    await workers.stop();
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push(parts.telegramEmulator.addChannelPost({ chat: SELLERS, text: ad(10 + i) }).messages[0].message_id);
      await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000)); // three polls' worth of downtime, not a synchronisation
    }
    workers = await t.startWorkers(activities);
    const results = await Promise.all(ids.map((id) => waitFor(() => result(postWorkflowId(SELLERS, id)).catch(() => undefined), { timeoutMs: 60_000, what: `post ${id}` })));
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published']);
    const starts = [];
    for (const id of ids) {
      const runs = await runsOf(postWorkflowId(SELLERS, id));
      expect(runs).toHaveLength(1);
      starts.push(runs[0].startTime.getTime());
    }
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const after = await stateOf(SELLERS);
    expect(after.cursor).toBe(ids[2]);
    expect(after.postsStarted).toBe(before.postsStarted + 3);
  });

  test('a 429 from the preview: the next read waits exactly Retry-After', async () => {
    await polledSince(SELLERS, Date.now());
    parts.telegramEmulator.core.requests.clear();
    // 5 s: the retry policy's own first interval is 2 s, so a retry honouring it would come sooner.
    parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 5, only: [PREVIEW_FAULT_KIND] });
    // Whichever watcher reads first gets the 429; its next read of that channel is the one to time.
    const reads = await waitFor(() => {
      const log = parts.telegramEmulator.requestLog().filter((r) => r.method === PREVIEW_FAULT_KIND);
      const limited = log.find((r) => r.status === 429);
      const next = limited && log.find((r) => r.seq > limited.seq && String(r.chats[0]) === String(limited.chats[0]));
      return limited && next?.status === 200 ? [limited, next] : undefined;
    }, { timeoutMs: 30_000, what: 'a read after the 429' });
    const gap = reads[1].at - reads[0].answeredAt!;
    expect(gap).toBeGreaterThanOrEqual(5_000 - 100);
    expect(gap).toBeLessThan(5_000 + 1_500);
    expect(reads[0].retryAfter).toBe(5);
  });

  test('health and the dashboard show each watcher\'s last poll, cursor and lag', async () => {
    const since = Date.now();
    const polled = await polledSince(SELLERS, since);
    const watchers = await readWatcherStatus(t.client, { rows: () => parts.store.listWatcherStates() });
    expect(watchers.map((w) => [w.channel, w.running])).toEqual([[ADMIN_CHANNEL, true], [SELLERS, true]]);
    const sellers = watchers.find((w) => w.channel === SELLERS)!;
    expect(sellers).toMatchObject({ workflowId: watcherWorkflowId(SELLERS), from: 'query', reader: 'web-preview', lag: 0, pollIntervalMs: POLL_SECONDS * 1000, lastError: null });
    expect(sellers.cursor).toBeGreaterThanOrEqual(polled.cursor!);
    expect(Date.parse(sellers.lastPollAt!)).toBeGreaterThanOrEqual(since);

    // What `cars-bot health` prints after the components.
    const text = formatWatcherStatus(watchers, Date.parse(sellers.lastPollAt!) + 5_000);
    expect(text.split('\n')[0]).toBe('Channel watchers (2 running)');
    expect(text).toMatch(new RegExp(`^  @sellers_market +running +5s ago +${sellers.cursor} +0$`, 'm'));

    // The JSON the dashboard's table is drawn from.
    const dashboard = await readDashboard({ store: parts.store, client: t.client }, { namespace: t.namespace, publishPerMinute: 20, models: [] });
    expect(dashboard.watchers.find((w) => w.channel === SELLERS)).toMatchObject({ running: true, reader: 'web-preview', lag: 0 });
    expect(dashboard.watchers.find((w) => w.channel === SELLERS)!.cursor).toBeGreaterThanOrEqual(sellers.cursor!);

    // With no answer to the query, the watcher's row stands in: lag from the newest id it saw.
    const row = (await parts.store.getWatcherState(SELLERS))!;
    const fromRows = await readWatcherStatus(t.client, { rows: async () => [{ ...row, cursor: row.newestId! - 3 }], queryTimeoutMs: 0 });
    expect(fromRows.find((w) => w.channel === SELLERS)).toMatchObject({ running: true, from: 'database', cursor: row.newestId! - 3, lag: 3 });
  });

  test('switching the channel off in the sheet ends its watcher', async () => {
    setChannels([SELLERS, 'Sellers', 'FALSE', '', POLL_SECONDS], [ADMIN_CHANNEL, 'Admin', 'TRUE', '', POLL_SECONDS]);
    const sync = await syncChannels();
    expect([...sync.result.deactivated].sort()).toEqual(['-1001234567890', SELLERS]);
    expect(sync.result.watchers).toMatchObject({ stopped: [SELLERS], running: [ADMIN_CHANNEL] });
    const ended = (await watcher(SELLERS).result()) as WatchChannelResult;
    expect(ended).toMatchObject({ channel: SELLERS, reason: 'stopped', detail: 'switched off in the Channels sheet' });
    expect((await watcher(ADMIN_CHANNEL).describe()).status.name).toBe('RUNNING');
    const after = await readWatcherStatus(t.client, { rows: () => parts.store.listWatcherStates() });
    expect(after.map((w) => [w.channel, w.running, w.from])).toEqual([[ADMIN_CHANNEL, true, 'query'], [SELLERS, false, 'database']]);
    await recordHistory(watcher(SELLERS), 'watch-channel');
    await recordHistory(sync.handle, 'sync-channels-watchers');

    // On again: a new watcher resumes from the saved cursor, so a post made meanwhile is not lost.
    const cursor = ended.cursor!;
    const meanwhile = parts.telegramEmulator.addChannelPost({ chat: SELLERS, text: ad(20) }).messages[0].message_id;
    expect(meanwhile).toBeGreaterThan(cursor);
    setChannels([SELLERS, 'Sellers', 'TRUE', '', POLL_SECONDS], [ADMIN_CHANNEL, 'Admin', 'TRUE', '', POLL_SECONDS]);
    expect((await syncChannels()).result.watchers).toMatchObject({ started: [SELLERS], running: [ADMIN_CHANNEL] });
    // npm start's starter finds it running.
    expect(await startChannelWatchers(t.client, 'web-preview', [SELLERS])).toMatchObject({ started: [], running: [SELLERS] });
    expect((await result(await waitFor(async () => ((await runsOf(postWorkflowId(SELLERS, meanwhile))).length ? postWorkflowId(SELLERS, meanwhile) : undefined), { timeoutMs: 40_000, what: 'the post made while off' }))).status).toBe('published');
    // A channel switched off in the database ends its watcher at its next poll even without a signal.
    await parts.store.replaceChannels([{ chat: ADMIN_CHANNEL, active: true, pollIntervalSeconds: POLL_SECONDS }]);
    expect(((await watcher(SELLERS).result()) as WatchChannelResult).reason).toBe('inactive');
  });
});
