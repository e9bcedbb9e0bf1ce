/**
 * Fault injection on the Telegram emulator as the real grammY client experiences it (network
 * failures, latency, injected error statuses), and the control API driven over HTTP as a
 * second process would.
 */
import { Api, GrammyError, HttpError } from 'grammy';
import { startTelegramEmulator, TelegramControlClient, type TelegramEmulator } from '../../emulators/telegram';

const TOKEN = '42:AAFaultsTestToken';
const CHANNEL = { id: -1003333333333, type: 'channel' as const, title: 'Listings', username: 'fault_listings' };

let emulator: TelegramEmulator;
let api: Api;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startTelegramEmulator({ chats: [CHANNEL], log: (line) => logLines.push(line) });
  api = new Api(TOKEN, { apiRoot: emulator.url });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.reset());

it('an outage drops connections: grammY raises HttpError, and nothing is recorded', async () => {
  emulator.faults.configure({ outage: true });
  const err = await api.sendMessage(CHANNEL.id, 'lost').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  emulator.faults.configure({ outage: false });
  await api.sendMessage(CHANNEL.id, 'delivered');
  expect(emulator.sentMessages(CHANNEL.id).map((m) => m.plainText)).toEqual(['delivered']);
});

it('injected latency delays every answer by at least that long', async () => {
  emulator.faults.configure({ latencyMs: 300 });
  const started = Date.now();
  await api.getMe();
  expect(Date.now() - started).toBeGreaterThanOrEqual(295);
});

it('injected errors come back in Telegram shape: 429 with retry_after 1, then 500', async () => {
  emulator.faults.configure({ failNext: { count: 1, status: 429 } });
  const limited = await api.sendMessage(CHANNEL.id, 'x').catch((e: unknown) => e);
  expect(limited).toBeInstanceOf(GrammyError);
  expect((limited as GrammyError).error_code).toBe(429);
  expect((limited as GrammyError).parameters.retry_after).toBe(1);

  emulator.faults.configure({ failNext: { count: 1, status: 500 } });
  const failed = await api.getMe().catch((e: unknown) => e);
  expect((failed as GrammyError).error_code).toBe(500);
  await expect(api.getMe()).resolves.toMatchObject({ id: 42 });
});

it('logs calls without the token', async () => {
  await api.getMe();
  expect(logLines.some((line) => line.includes('getMe 200'))).toBe(true);
  expect(logLines.join('\n')).not.toContain('AAFaultsTestToken');
});

describe('control API over HTTP', () => {
  it('sets the scene, injects updates and reads what the bot sent', async () => {
    const control = new TelegramControlClient(emulator.url);
    const chat = await control.addChat({ type: 'channel', username: 'remote_source', title: 'Remote source' });
    expect(chat.id).toBeLessThan(-1_000_000_000_000);
    await control.addUser({ id: 9001, first_name: 'Remote user' });

    const { updates } = await control.injectUpdate({ kind: 'channel_post', chat: '@remote_source', text: 'Nissan Qashqai' });
    expect(updates[0].channel_post?.chat.id).toBe(chat.id);
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([updates[0].update_id]);

    await api.sendMessage(9001, '<b>Your contacts</b>', { parse_mode: 'HTML' });
    const messages = await control.sentMessages(9001);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ plainText: 'Your contacts', parseMode: 'HTML' });

    await control.setLimits({ privateChatPerSecond: 0 });
    await api.sendMessage(9001, 'no per-chat limit now');
    expect(await control.limits()).toMatchObject({ privateChatPerSecond: 0, groupPerMinute: 20 });

    await control.setFaults({ failNext: { count: 1, status: 403 } });
    const err = await api.getMe().catch((e: unknown) => e);
    expect((err as GrammyError).error_code).toBe(403);

    await expect(control.injectUpdate({ kind: 'message', from: 123456, text: 'unknown user' })).rejects.toThrow(/unknown user 123456/);

    await control.reset();
    expect(await control.sentMessages()).toEqual([]);
    expect(await control.limits()).toMatchObject({ privateChatPerSecond: 1 });
  });
});
