// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

import { WorkflowNotFoundError } from '@temporalio/client';
import type { Update } from 'grammy/types';
import { buildApiServer } from '../../src/api/server';
import { ALLOWED_UPDATES } from '../../src/bot/allowed-updates';
import type { BotDeps } from '../../src/bot/bot-deps';
import { createBot } from '../../src/bot/create-bot';
import { SORRY } from '../../src/bot/error-boundary';
import { startBot, webhookHandler, type RunningBot } from '../../src/bot/run-bot';
import type { ProcessPostResult } from '../../src/common/posts';
import type { Store } from '../../src/db';
import { createLogger } from '../../src/observability/logger';
import { applySchedules, scheduleDefinitions } from '../../src/schedules';
import { startPipelineParts, TEST_ADMIN_ID, TEST_BOT_TOKEN, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

const ACTIVE = { type: 'channel' as const, username: 'src_active', title: 'Active source' };
const PAUSED = { type: 'channel' as const, username: 'src_paused', title: 'Switched off in the sheet' };
const UNKNOWN = { type: 'channel' as const, username: 'src_unknown', title: 'Not in the sheet' };
const BUYER = { id: 555_001, first_name: 'Buyer' };
const SUBSCRIBER = { id: 555_002, first_name: 'Subscriber' };
const CAMRY = 'Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. 12 500 000 тг, Алматы, +7 701 123 45 67';

describe('the bot against the Telegram emulator, with the product workers', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let deps: BotDeps;
  let running: RunningBot | undefined;
  let failFigures = false;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '6000' });
    parts = await startPipelineParts();
    await t.startWorkers(parts.activities);
    await parts.store.replaceChannels([{ chat: '@src_active' }, { chat: '@src_paused', active: false }]);
    await parts.store.replaceSubscribers([{ telegramUserId: SUBSCRIBER.id, plan: 'month', expiresAt: new Date(Date.now() + 7 * 86_400_000) }]);
    const definitions = scheduleDefinitions(t.config).filter((d) => d.id === 'health-check');
    await applySchedules(t.client, definitions);
    const store: Store = { ...parts.store, figures: (period) => (failFigures ? Promise.reject(new Error('database went away')) : parts.store.figures(period)) };
    deps = { client: t.client, store, definitions, adminIds: [TEST_ADMIN_ID], timeZone: 'Asia/Almaty', log: createLogger('debug', (l) => logLines.push(l)), albumWaitMs: 300 };
    running = await startBot(createBot({ token: TEST_BOT_TOKEN, apiRoot: parts.telegramEmulator.url }, deps), { log: deps.log });
  });
  afterAll(async () => {
    await running?.stop();
    await t?.close();
    await parts?.close();
  });

  const workflowExists = (workflowId: string) =>
    t.client.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        () => true,
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        },
      );
  const resultOf = async (workflowId: string): Promise<ProcessPostResult> => {
    await waitFor(() => workflowExists(workflowId), { timeoutMs: 15_000, what: `workflow ${workflowId}` });
    return (await t.client.workflow.getHandle(workflowId).result()) as ProcessPostResult;
  };
  const channelPost = (chat: typeof ACTIVE, content: { text?: string; photos?: string[] }) => {
    const { updates } = parts.telegramEmulator.injectUpdate({ kind: 'channel_post', chat, ...content });
    return updates.map((u) => u.channel_post!.message_id);
  };
  /** Writes to the bot as `from` and returns the bot's answer in that chat. */
  const say = async (from: number | { id: number; first_name: string }, text: string): Promise<string> => {
    const chat = typeof from === 'number' ? from : from.id;
    const before = parts.telegramEmulator.sentMessages(chat).length;
    parts.telegramEmulator.injectUpdate({ kind: 'message', from, text });
    const reply = await waitFor(() => parts.telegramEmulator.sentMessages(chat)[before], { timeoutMs: 15_000, what: `the answer to ${text}` });
    return reply.plainText;
  };

  test('a post in an active source channel starts its workflow and ends up published in our channel', async () => {
    const [messageId] = channelPost(ACTIVE, { text: CAMRY });
    const result = await resultOf(`post-src_active-${messageId}`);
    expect(result.status).toBe('published');
    const listing = parts.telegramEmulator.sentMessages(TEST_CHANNEL).find((m) => m.messageId === result.publishedMessageIds?.[0]);
    expect(listing?.plainText).toContain('Toyota Camry');
    expect(await parts.store.getPostBySource('@src_active', messageId)).toMatchObject({ status: 'published', text: CAMRY });
    // Telegram was asked for exactly the updates we handle: a button press isn't even queued.
    expect(parts.telegramEmulator.core.updates.allowedUpdates()).toEqual([...ALLOWED_UPDATES]);
    expect(parts.telegramEmulator.injectUpdate({ kind: 'callback_query', from: TEST_ADMIN_ID, data: 'x' }).queued).toBe(false);
  });

  test('posts from a channel switched off in the sheet, or not in it, are ignored and logged', async () => {
    const [paused] = channelPost(PAUSED, { text: CAMRY.replace('Camry', 'Corolla') });
    const [unknown] = channelPost(UNKNOWN, { text: CAMRY.replace('Camry', 'Prius') });
    // Updates are handled in order: once the next post's workflow exists, the two before it were dealt with.
    const [marker] = channelPost(ACTIVE, { text: 'Продаю Lada Vesta 2020, 3 000 000 тг' });
    await waitFor(() => workflowExists(`post-src_active-${marker}`), { timeoutMs: 15_000, what: 'the marker post' });
    expect(await workflowExists(`post-src_paused-${paused}`)).toBe(false);
    expect(await workflowExists(`post-src_unknown-${unknown}`)).toBe(false);
    const ignored = logLines.filter((l) => l.includes('channel post ignored: not an active source channel'));
    expect(ignored.some((l) => l.includes('"chat":"@src_paused"') && l.includes(`"messageId":${paused}`))).toBe(true);
    expect(ignored.some((l) => l.includes('"chat":"@src_unknown"') && l.includes(`"messageId":${unknown}`))).toBe(true);
  });

  test('an album is one post with every photo (largest size), under the first message id', async () => {
    const ids = channelPost(ACTIVE, { text: 'Продаю Kia Sportage 2021, 30 000 км, 14 000 000 тг, Шымкент', photos: ['kia-front', 'kia-back', 'kia-inside'] });
    expect(ids).toHaveLength(3);
    const result = await resultOf(`post-src_active-${ids[0]}`);
    expect(result.status).toBe('published');
    expect((await parts.store.getPostBySource('@src_active', ids[0]))?.photos).toEqual(['kia-front', 'kia-back', 'kia-inside']);
    expect(await workflowExists(`post-src_active-${ids[1]}`)).toBe(false);
    expect(await workflowExists(`post-src_active-${ids[2]}`)).toBe(false);
  });

  test('/start contact_<post>: a subscriber gets the contacts by DM, anyone else an offer', async () => {
    const [messageId] = channelPost(ACTIVE, { text: CAMRY.replace('Camry', 'Alphard') });
    const { postId } = await resultOf(`post-src_active-${messageId}`);

    const contacts = await say(SUBSCRIBER, `/start contact_${postId}`);
    expect(contacts).toContain('+77011234567');
    const offer = await say(BUYER, `/start contact_${postId}`);
    expect(offer).toContain('🔒');
    expect(offer).not.toContain('701');
  });

  test('a non-admin is refused admin commands politely, and nothing runs', async () => {
    const schedule = t.client.schedule.getHandle('health-check');
    const before = (await schedule.describe()).info.recentActions.length;
    expect(await say(BUYER, '/run health-check')).toBe("Sorry, this command is for the bot's admins only.");
    expect(await say(BUYER, '/stats')).toBe("Sorry, this command is for the bot's admins only.");
    expect((await schedule.describe()).info.recentActions.length).toBe(before);
    expect(logLines.some((l) => l.includes('admin command refused') && l.includes(`"userId":${BUYER.id}`))).toBe(true);
    expect(await say(BUYER, '/help')).not.toContain('/run');
  });

  test('admin commands: /run triggers the schedule, /health reports, /stats counts today, /post shows a post', async () => {
    const schedule = t.client.schedule.getHandle('health-check');
    const before = (await schedule.describe()).info.recentActions.length;
    expect(await say(TEST_ADMIN_ID, '/run health-check')).toBe('▶️ Triggered health-check.');
    await waitFor(async () => (await schedule.describe()).info.recentActions.length > before, { timeoutMs: 15_000, what: 'the triggered run' });
    expect(await say(TEST_ADMIN_ID, '/run make-coffee')).toMatch(/^There is no job "make-coffee". Jobs: health-check/);

    const health = await say(TEST_ADMIN_ID, '/health');
    expect(health).toMatch(/^✅ Healthy — checked /);
    expect(health).toContain('temporal: skipped');

    const stats = await say(TEST_ADMIN_ID, '/stats');
    expect(stats).toMatch(/^📊 Today, since 00:00 Asia\/Almaty\nReceived: \d+ \(/);
    expect(Number(/Published: (\d+)/.exec(stats)?.[1])).toBeGreaterThanOrEqual(2);

    const [messageId] = channelPost(ACTIVE, { text: CAMRY.replace('Camry', 'Crown') });
    const { postId } = await resultOf(`post-src_active-${messageId}`);
    const byWorkflow = await say(TEST_ADMIN_ID, `/post post-src_active-${messageId}`);
    expect(byWorkflow).toContain(`Post ${postId} · post-src_active-${messageId}`);
    expect(byWorkflow).toContain('Status: published · workflow COMPLETED');
    expect(byWorkflow).toContain(`Published in ${TEST_CHANNEL}`);
    expect(await say(TEST_ADMIN_ID, `/post ${postId}`)).toBe(byWorkflow);
    expect(await say(TEST_ADMIN_ID, '/post 99999')).toBe('No post 99999 is known.');
  });

  test('/retry <id>: an admin runs a failed post again; a post that did not fail is said so', async () => {
    parts.openaiEmulator.faults.configure({ failNext: { count: 1, status: 400 }, only: ['describe'] });
    const [messageId] = channelPost(ACTIVE, { text: CAMRY.replace('Camry', 'Highlander') });
    const workflowId = `post-src_active-${messageId}`;
    await waitFor(() => workflowExists(workflowId), { timeoutMs: 15_000, what: `workflow ${workflowId}` });
    await expect(t.client.workflow.getHandle(workflowId).result()).rejects.toThrow(/Workflow execution failed/);
    const status = await say(TEST_ADMIN_ID, `/post ${workflowId}`);
    expect(status).toContain('Status: failed · workflow FAILED');
    expect(status).toContain(`Retry: cars-bot post retry ${workflowId}`);

    expect(await say(BUYER, `/retry ${workflowId}`)).toBe("Sorry, this command is for the bot's admins only.");
    expect(await say(TEST_ADMIN_ID, `/retry ${workflowId}`)).toBe(`🔁 Retrying ${workflowId} from where it failed (its failed run was reset). /post ${workflowId} shows how it goes.`);
    expect((await t.client.workflow.getHandle(workflowId).result()) as ProcessPostResult).toMatchObject({ status: 'published' });
    expect(await say(TEST_ADMIN_ID, `/retry ${workflowId}`)).toBe(`Not retried: ${workflowId} its workflow completed: there is nothing to retry.`);
    expect(await say(TEST_ADMIN_ID, '/retry')).toMatch(/^Which post\?/);
  });

  test('an admin forwarding a channel post submits it (the sheet notwithstanding); others are thanked, not served', async () => {
    parts.telegramEmulator.injectUpdate({ kind: 'forwarded', from: BUYER, forwardFrom: '@src_paused', forwardMessageId: 4_242, text: CAMRY.replace('Camry', 'Sequoia') });
    await waitFor(() => parts.telegramEmulator.sentMessages(BUYER.id).some((m) => m.plainText.includes('Only the bot')), { what: 'the answer to a non-admin forward' });
    expect(await workflowExists('post-src_paused-4242')).toBe(false);

    const before = parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).length;
    parts.telegramEmulator.injectUpdate({ kind: 'forwarded', from: TEST_ADMIN_ID, forwardFrom: '@src_paused', forwardMessageId: 4_242, text: CAMRY.replace('Camry', 'Sequoia') });
    const reply = await waitFor(() => parts.telegramEmulator.sentMessages(TEST_ADMIN_ID)[before], { what: 'the answer to the admin' });
    expect(reply.plainText).toBe('Submitted as post-src_paused-4242.\n/post post-src_paused-4242 shows its progress.');
    expect((await resultOf('post-src_paused-4242')).status).toBe('published');
  });

  test('a failing handler answers politely, is logged, and the bot carries on', async () => {
    failFigures = true;
    try {
      expect(await say(TEST_ADMIN_ID, '/stats')).toBe(SORRY);
    } finally {
      failFigures = false;
    }
    expect(logLines.some((l) => l.includes('bot update failed') && l.includes('database went away'))).toBe(true);
    expect(await say(TEST_ADMIN_ID, '/stats')).toMatch(/^📊 Today/);
  });

  test('webhook mode: Telegram posts updates to the HTTP server with the secret; a wrong secret is 401', async () => {
    await running?.stop();
    running = undefined;
    const carsBot = createBot({ token: TEST_BOT_TOKEN, apiRoot: parts.telegramEmulator.url }, deps);
    const app = buildApiServer({
      client: t.client,
      store: deps.store,
      definitions: deps.definitions,
      tokens: ['api-token'],
      readiness: {},
      telegramWebhook: { path: '/telegram/webhook', secret: 'webhook-secret-1', handleUpdate: webhookHandler(carsBot, deps.log) },
    });
    try {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      running = await startBot(carsBot, { log: deps.log, webhook: { url: `${address}/telegram/webhook`, secret: 'webhook-secret-1' } });
      expect(running.mode).toBe('webhook');
      expect(await carsBot.bot.api.getWebhookInfo()).toMatchObject({ url: `${address}/telegram/webhook`, allowed_updates: [...ALLOWED_UPDATES] });

      const [messageId] = channelPost(ACTIVE, { text: CAMRY.replace('Camry', 'Tundra') });
      expect((await resultOf(`post-src_active-${messageId}`)).status).toBe('published');

      const forged: Update = { update_id: 999_999, channel_post: { message_id: 31_337, date: 1, chat: { id: -1001, type: 'channel', title: 'x', username: 'src_active' }, text: CAMRY } } as Update;
      for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'webhook-secret-2' }]) {
        const res = await app.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: forged });
        expect(res.statusCode).toBe(401);
      }
      expect(await workflowExists('post-src_active-31337')).toBe(false);
    } finally {
      await running?.stop();
      running = undefined;
      await carsBot.bot.api.deleteWebhook();
      await app.close();
    }
  });
});
