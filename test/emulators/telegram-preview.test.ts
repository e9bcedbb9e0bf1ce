/**
 * Channel web previews: the Telegram emulator's `/s/<username>` pages, read the way the product
 * reads t.me — plain HTTP, the web-preview reader (cheerio) and the reader activity under
 * MockActivityEnvironment. Posts are made through the control API in a channel the bot is not
 * a member of, as a seller's channel is.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createChannelReadActivities } from '../../src/activities/channels/channel-read-activities';
import { parsePreviewPage } from '../../src/activities/channels/preview-page';
import { createWebPreviewReader } from '../../src/activities/channels/web-preview-reader';
import { MONITOR_FAILURE, type ChannelReadResult, type ReadChannelInput } from '../../src/common/monitor';
import { contentFingerprint } from '../../src/db';
import { PREVIEW_FAULT_KIND, PREVIEW_PAGE_SIZE, startTelegramEmulator, TelegramControlClient, type TelegramEmulator } from '../../emulators/telegram';

const SELLERS = { type: 'channel' as const, username: 'sellers_market', title: 'Sellers market', botStatus: 'left' as const };
const ADMIN_CHANNEL = { type: 'channel' as const, username: 'bot_admin_here', title: 'Bot is admin' };
const AD = 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы 🚗\n+7 701 123 45 67';

let emulator: TelegramEmulator;
let control: TelegramControlClient;

beforeAll(async () => {
  emulator = await startTelegramEmulator({ chats: [SELLERS, ADMIN_CHANNEL] });
  control = new TelegramControlClient(emulator.url);
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const reader = () => createWebPreviewReader({ root: emulator.url, timeoutMs: 5_000 });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

test('a post in a channel the bot is not in shows on its preview with text, time, id and photos, and the bot gets no update', async () => {
  const date = Math.floor(Date.parse('2026-11-20T09:12:00Z') / 1000);
  const { messages, deliveredToBot } = await control.addChannelPost({ chat: '@sellers_market', text: AD, date });
  expect(deliveredToBot).toBe(false);
  expect(emulator.pendingUpdates()).toEqual([]);
  const album = await control.addChannelPost({ chat: '@sellers_market', photos: 3, caption: 'Kia Rio 2017, 6 500 000 тг' });
  expect(album.messages.map((m) => m.message_id)).toEqual([2, 3, 4]);

  const response = await fetch(emulator.previewUrl('@sellers_market'));
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain('data-post="sellers_market/1"');
  expect(html).toContain('class="tgme_widget_message_text js-message_text"');
  expect(html).toContain('<i class="emoji"><b>🚗</b></i>');

  const page = await reader().page('@sellers_market', {});
  expect(page.olderBefore).toBeUndefined();
  expect(page.posts).toHaveLength(2);
  expect(page.posts[0]).toEqual({ messageId: messages[0].message_id, lastMessageId: 1, date: '2026-11-20T09:12:00.000Z', text: AD, photos: [], edited: false });
  expect(page.posts[1]).toMatchObject({ messageId: 2, lastMessageId: 4, text: 'Kia Rio 2017, 6 500 000 тг', edited: false });
  expect(page.posts[1].photos).toHaveLength(3);
  // The photo URLs answer with an image, as t.me's CDN does.
  const photo = await fetch(page.posts[1].photos[0]);
  expect(photo.status).toBe(200);
  expect(photo.headers.get('content-type')).toBe('image/jpeg');
});

test('in a channel where the bot is an administrator the same post also reaches the bot', async () => {
  const { deliveredToBot } = await control.addChannelPost({ chat: '@bot_admin_here', text: AD });
  expect(deliveredToBot).toBe(true);
  expect(emulator.pendingUpdates().map((u) => u.channel_post?.text)).toEqual([AD]);
  expect((await reader().page('@bot_admin_here', {})).posts.map((p) => p.text)).toEqual([AD]);
});

test('edits and deletions show on the preview; an edit is marked and reaches an admin bot as edited_channel_post', async () => {
  await control.addChannelPost({ chat: '@sellers_market', text: AD });
  await control.addChannelPost({ chat: '@sellers_market', text: 'second' });
  await control.editChannelPost({ chat: '@sellers_market', message_id: 1, text: AD.replace('12 500 000', '11 900 000') });
  expect(await control.deleteChannelPosts({ chat: '@sellers_market', message_ids: [2, 99] })).toEqual([2]);
  const { posts } = await reader().page('@sellers_market', {});
  expect(posts.map((p) => [p.messageId, p.edited, p.text.includes('11 900 000')])).toEqual([[1, true, true]]);

  await control.addChannelPost({ chat: '@bot_admin_here', text: 'before' });
  await control.editChannelPost({ chat: '@bot_admin_here', message_id: 1, text: 'after' });
  expect(emulator.pendingUpdates().map((u) => u.edited_channel_post?.text ?? u.channel_post?.text)).toEqual(['before', 'after']);
});

test('pages hold 20 posts, newest last; before= pages back to the first post', async () => {
  for (let i = 1; i <= 45; i += 1) emulator.addChannelPost({ chat: '@sellers_market', text: `post ${i}` });
  const r = reader();
  const newest = await r.page('@sellers_market', {});
  expect(newest.posts.map((p) => p.messageId)).toEqual(Array.from({ length: PREVIEW_PAGE_SIZE }, (_, i) => 26 + i));
  expect(newest.olderBefore).toBe(26);
  const middle = await r.page('@sellers_market', { before: newest.olderBefore });
  expect(middle.posts.map((p) => p.messageId)).toEqual(Array.from({ length: 20 }, (_, i) => 6 + i));
  const oldest = await r.page('@sellers_market', { before: middle.olderBefore });
  expect(oldest.posts.map((p) => p.messageId)).toEqual([1, 2, 3, 4, 5]);
  expect(oldest.olderBefore).toBeUndefined();
  const after = await fetch(`${emulator.url}/s/sellers_market?after=43`).then((res) => res.text());
  expect(parsePreviewPage(after, 'sellers_market').posts.map((p) => p.messageId)).toEqual([44, 45]);
});

test('the reader activity catches up from the cursor oldest first, at most MONITOR_BACKFILL, counting the rest as skipped', async () => {
  for (let i = 1; i <= 60; i += 1) emulator.addChannelPost({ chat: '@sellers_market', text: `Продаю авто номер ${i}` });
  const env = new MockActivityEnvironment();
  const activities = createChannelReadActivities({ reader: reader(), backfill: 30 });
  const readChannel = (input: ReadChannelInput): Promise<ChannelReadResult> => env.run(activities.readChannel, input);

  const first = await readChannel({ channel: '@sellers_market', after: null });
  expect(first).toMatchObject({ reader: 'web-preview', posts: [], newestId: 60, skipped: 0 });
  expect(first.recent).toHaveLength(20);
  expect(first.recent[0].fingerprint).toBe(contentFingerprint('Продаю авто номер 41'));

  const near = await readChannel({ channel: '@sellers_market', after: 55 });
  expect(near.posts.map((p) => p.messageId)).toEqual([56, 57, 58, 59, 60]);
  expect(near.skipped).toBe(0);

  const far = await readChannel({ channel: '@sellers_market', after: 10 });
  expect(far.posts.map((p) => p.messageId)).toEqual(Array.from({ length: 30 }, (_, i) => 31 + i));
  // 40 posts after the cursor were read (two pages back), 30 kept; 11..20 were never fetched.
  expect(far.skipped).toBe(20);

  const caughtUp = await readChannel({ channel: '@sellers_market', after: 60 });
  expect(caughtUp.posts).toEqual([]);
});

test('a 429 from the preview becomes a rate-limit failure whose retry waits exactly Retry-After', async () => {
  await control.addChannelPost({ chat: '@sellers_market', text: AD });
  emulator.faults.configure({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 7, only: [PREVIEW_FAULT_KIND] });
  const response = await fetch(emulator.previewUrl('sellers_market'));
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe('7');

  emulator.faults.configure({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 7, only: [PREVIEW_FAULT_KIND] });
  const failure = await failureOf(reader().page('@sellers_market', {}));
  expect(failure.type).toBe(MONITOR_FAILURE.rateLimited);
  expect(failure.nonRetryable).toBe(false);
  expect(failure.nextRetryDelay).toBe('7s');
  // The fault was aimed at previews: the Bot API is untouched, and the next read goes through.
  expect((await reader().page('@sellers_market', {})).posts).toHaveLength(1);
});

test('5xx and slow answers are retryable; a channel with no preview is not', async () => {
  emulator.faults.configure({ failNext: { count: 1, status: 502 }, only: [PREVIEW_FAULT_KIND] });
  const unavailable = await failureOf(reader().page('@sellers_market', {}));
  expect([unavailable.type, unavailable.nonRetryable]).toEqual([MONITOR_FAILURE.unavailable, false]);

  emulator.faults.configure({ latencyMs: 1_500, only: [PREVIEW_FAULT_KIND] });
  const slow = await failureOf(createWebPreviewReader({ root: emulator.url, timeoutMs: 300 }).page('@sellers_market', {}));
  expect([slow.type, slow.nonRetryable]).toEqual([MONITOR_FAILURE.unavailable, false]);
  emulator.faults.reset();

  // t.me sends a visitor of a name without a public channel to the plain page.
  const redirect = await fetch(`${emulator.url}/s/nobody_here`, { redirect: 'manual' });
  expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/nobody_here']);
  const missing = await failureOf(reader().page('@nobody_here', {}));
  expect([missing.type, missing.nonRetryable]).toEqual([MONITOR_FAILURE.notPublic, true]);
  expect(missing.message).toContain('no public web preview');
});
