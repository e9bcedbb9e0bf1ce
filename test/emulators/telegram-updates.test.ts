/**
 * Updates from the Telegram emulator reaching a real grammY bot: long polling (getUpdates and
 * bot.start), injected channel posts, `/start` deep links, button presses, and webhook delivery
 * with the secret-token header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { startTelegramEmulator, type TelegramEmulator } from '../../emulators/telegram';

const TOKEN = '5550001:AAUpdatesTestToken';
const SOURCE = { id: -1001111111111, type: 'channel' as const, title: 'Авто Алматы', username: 'cars_almaty' };
const OUR_CHANNEL = { id: -1002222222222, type: 'channel' as const, title: 'Listings', username: 'our_listings' };
const ADMIN = { id: 1001, first_name: 'Admin', username: 'cars_admin' };
const BUYER = { id: 2002, first_name: 'Buyer' };

let emulator: TelegramEmulator;
let api: Api;

beforeAll(async () => {
  emulator = await startTelegramEmulator({ chats: [SOURCE, OUR_CHANNEL], users: [ADMIN, BUYER], webhook: { retryDelayMs: 50 } });
  api = new Api(TOKEN, { apiRoot: emulator.url });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.reset());

/** Polls `probe` until it returns something truthy, failing after `timeoutMs`. */
async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('long polling with getUpdates', () => {
  it('parks getUpdates until a channel post arrives, then confirms it with the next offset', async () => {
    const started = Date.now();
    const polling = api.getUpdates({ timeout: 20, allowed_updates: ['channel_post', 'message'] });
    await waitFor(() => emulator.core.updates.isPolling(), 'getUpdates to be parked');
    const [injected] = emulator.injectUpdate({
      kind: 'channel_post',
      chat: '@cars_almaty',
      text: 'Продаю Toyota Camry 2018, 12 500 000 тг, +7 701 123 45 67',
    }).updates;
    const updates = await polling;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toEqual(injected);
    expect(updates[0].channel_post).toMatchObject({
      message_id: 1,
      chat: { id: SOURCE.id, type: 'channel', username: 'cars_almaty' },
      sender_chat: { id: SOURCE.id },
      text: expect.stringContaining('Toyota Camry'),
    });

    // Not confirmed yet: the same update comes again; with offset = id + 1 it is gone.
    expect(await api.getUpdates()).toEqual(updates);
    expect(await api.getUpdates({ offset: updates[0].update_id + 1 })).toEqual([]);
    expect(emulator.pendingUpdates()).toEqual([]);
  });

  it('waits the full timeout when nothing arrives', async () => {
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('turns a post with 3 photos into an album of 3 updates, caption on the first', async () => {
    const { updates } = emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, photos: 3, caption: 'Lada Vesta 2020' });
    const received = await api.getUpdates({ timeout: 1 });
    expect(received).toEqual(updates);
    const posts = received.map((u) => u.channel_post!);
    expect(posts.map((p) => p.message_id)).toEqual([1, 2, 3]);
    expect(new Set(posts.map((p) => p.media_group_id)).size).toBe(1);
    expect(posts[0].media_group_id).toEqual(expect.any(String));
    expect(posts.map((p) => p.caption)).toEqual(['Lada Vesta 2020', undefined, undefined]);
    expect(posts.every((p) => (p.photo?.length ?? 0) > 0)).toBe(true);
  });

  it('applies allowed_updates to updates created afterwards', async () => {
    await api.getUpdates({ allowed_updates: ['message'] });
    const post = emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, text: 'filtered out' });
    expect(post.queued).toBe(false);
    const dm = emulator.injectUpdate({ kind: 'message', from: BUYER.id, text: 'hello' });
    expect(dm.queued).toBe(true);
    expect((await api.getUpdates()).map((u) => Object.keys(u)[1])).toEqual(['message']);
  });

  it('ends an older parked getUpdates with 409 when a newer one arrives', async () => {
    const older = api.getUpdates({ timeout: 10 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await waitFor(() => emulator.core.updates.isPolling(), 'the first getUpdates to be parked');
    const newer = api.getUpdates({ timeout: 0 });
    const err = await older;
    await newer;
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(409);
    expect((err as GrammyError).description).toBe(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
  });
});

describe('a grammY bot running bot.start()', () => {
  it('handles channel posts, /start deep links and button presses, and stops cleanly', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: emulator.url } });
    const posts: string[] = [];
    bot.on('channel_post:text', (ctx) => {
      posts.push(ctx.channelPost.text);
    });
    bot.command('start', async (ctx) => {
      await ctx.reply(`Contacts for ${ctx.match}: +7 701 123 45 67`, {
        reply_markup: { inline_keyboard: [[{ text: 'Subscribe', callback_data: 'subscribe:month' }]] },
      });
    });
    bot.callbackQuery(/^subscribe:/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Subscription offer sent' });
    });
    const running = bot.start({ timeout: 1, allowed_updates: ['channel_post', 'message', 'callback_query'] });
    try {
      emulator.injectUpdate({ kind: 'channel_post', chat: '@cars_almaty', text: 'Hyundai Tucson 2021' });
      await waitFor(() => posts.length === 1, 'the channel post handler');
      expect(posts).toEqual(['Hyundai Tucson 2021']);

      const [start] = emulator.injectUpdate({ kind: 'message', from: BUYER.id, text: '/start contact_42' }).updates;
      expect(start.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
      const reply = await waitFor(() => emulator.sentMessages(BUYER.id)[0], 'the /start reply');
      expect(reply.plainText).toBe('Contacts for contact_42: +7 701 123 45 67');

      emulator.injectUpdate({
        kind: 'callback_query',
        from: BUYER.id,
        data: 'subscribe:month',
        message: { chat: BUYER.id, message_id: reply.messageId },
      });
      const [answer] = await waitFor(() => (emulator.callbackAnswers().length ? emulator.callbackAnswers() : undefined), 'the callback answer');
      expect(answer).toMatchObject({ text: 'Subscription offer sent', showAlert: false });
    } finally {
      await bot.stop();
      await running;
    }
    expect(bot.isRunning()).toBe(false);
    // bot.stop() confirmed everything it handled.
    expect(emulator.pendingUpdates()).toEqual([]);
  });

  it('receives a post an admin forwards, with its channel origin', async () => {
    const [original] = emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, photos: ['AgACsource-photo-1'], caption: 'Kia Rio' }).updates;
    await api.getUpdates({ offset: original.update_id + 1 });
    const [forward] = emulator.injectUpdate({
      kind: 'forwarded',
      from: ADMIN.id,
      forwardFrom: '@cars_almaty',
      forwardMessageId: original.channel_post!.message_id,
    }).updates;
    const [received] = await api.getUpdates();
    expect(received).toEqual(forward);
    expect(received.message).toMatchObject({
      chat: { id: ADMIN.id, type: 'private' },
      from: { id: ADMIN.id },
      caption: 'Kia Rio',
      forward_origin: { type: 'channel', chat: { id: SOURCE.id }, message_id: original.channel_post!.message_id },
    });
    expect(received.message?.photo?.at(-1)?.file_id).toBe('AgACsource-photo-1');
  });

  it('refuses to inject posts from a channel where the bot is not an administrator', async () => {
    emulator.addChat({ type: 'channel', username: 'not_admin_here', botStatus: 'member' });
    expect(() => emulator.injectUpdate({ kind: 'channel_post', chat: '@not_admin_here', text: 'x' })).toThrow(/not an administrator/);
  });
});

describe('webhook', () => {
  interface Delivery {
    secret: string | undefined;
    update: Update;
  }

  async function webhookServer(statuses: number[], replyBody?: object): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
    const deliveries: Delivery[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = statuses.shift() ?? 200;
        if (status === 200) {
          deliveries.push({
            secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
            update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update,
          });
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 && replyBody ? JSON.stringify(replyBody) : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/telegram/webhook`,
      deliveries,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('POSTs updates with the secret header and answers getUpdates with 409 meanwhile', async () => {
    const hook = await webhookServer([]);
    try {
      await api.setWebhook(hook.url, { secret_token: 'webhook-secret_1', allowed_updates: ['channel_post', 'message'] });
      const [update] = emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, text: 'BMW X5 2019' }).updates;
      const [delivery] = await waitFor(() => (hook.deliveries.length ? hook.deliveries : undefined), 'webhook delivery');
      expect(delivery).toEqual({ secret: 'webhook-secret_1', update });

      const conflict = await api.getUpdates().then(
        () => undefined,
        (err: unknown) => err as GrammyError,
      );
      expect(conflict?.error_code).toBe(409);
      expect(conflict?.description).toMatch(/^Conflict: can't use getUpdates method while webhook is active/);
      const info = await api.getWebhookInfo();
      expect(info).toMatchObject({ url: hook.url, pending_update_count: 0, allowed_updates: ['channel_post', 'message'] });

      await api.deleteWebhook();
      emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, text: 'after the webhook' });
      expect((await api.getUpdates()).map((u) => u.channel_post?.text)).toEqual(['after the webhook']);
      expect(hook.deliveries).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('retries a failed delivery, reporting the error in getWebhookInfo, and keeps the order', async () => {
    const hook = await webhookServer([500]);
    try {
      await api.setWebhook(hook.url);
      emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, text: 'first' });
      emulator.injectUpdate({ kind: 'channel_post', chat: SOURCE.id, text: 'second' });
      await waitFor(() => hook.deliveries.length === 2, 'both deliveries');
      expect(hook.deliveries.map((d) => d.update.channel_post?.text)).toEqual(['first', 'second']);
      const info = await api.getWebhookInfo();
      expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
      expect(info.pending_update_count).toBe(0);
    } finally {
      await api.deleteWebhook();
      await hook.close();
    }
  });

  it('executes a method returned in the webhook response', async () => {
    const hook = await webhookServer([], { method: 'sendMessage', chat_id: BUYER.id, text: 'Reply via webhook' });
    try {
      await api.setWebhook(hook.url);
      emulator.injectUpdate({ kind: 'message', from: BUYER.id, text: '/start' });
      const [sent] = await waitFor(() => (emulator.sentMessages(BUYER.id).length ? emulator.sentMessages(BUYER.id) : undefined), 'the webhook reply');
      expect(sent.plainText).toBe('Reply via webhook');
    } finally {
      await api.deleteWebhook();
      await hook.close();
    }
  });
});
