/**
 * `npm run emulators` runs the three emulators in a process of their own; this test is the
 * second process: it uses them with the real clients and drives them over their control APIs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Api, GrammyError } from 'grammy';
import OpenAI from 'openai';
import { sheetsClientForEmulator } from '../../emulators/sheets';
import { freePort } from '../../src/temporal/dev-server';

const root = path.resolve(__dirname, '../..');

test('the standalone emulators serve the real clients and obey control requests from another process', async () => {
  const [openaiPort, telegramPort, sheetsPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    ['bin/cars-bot.js', 'emulators', '--openai-port', String(openaiPort), '--telegram-port', String(telegramPort), '--sheets-port', String(sheetsPort)],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', TELEGRAM_CHANNEL_ID: '@cars_bot_listings' } },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const urls = await new Promise<{ openai: string; telegram: string; sheets: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      child.once('exit', (code) => reject(new Error(`emulators exited early with ${code}`)));
    });
    expect(urls.telegram).toBe(`http://127.0.0.1:${telegramPort}`);

    const openai = new OpenAI({ apiKey: 'any', baseURL: urls.openai, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '<post>Продаю Kia Rio 2015, 150 000 км</post>' }] });
    expect(completion.choices[0].message.content).toContain('Kia Rio');

    const telegram = new Api('123456:any-token-works-here', { apiRoot: urls.telegram });
    const sent = await telegram.sendMessage('@cars_bot_listings', 'hello <b>channel</b>', { parse_mode: 'HTML' });
    const messages = (await (await fetch(`${urls.telegram}/_control/messages?chat_id=@cars_bot_listings`)).json()) as { messages?: { messageId: number; plainText: string }[] } | { messageId: number; plainText: string }[];
    const list = Array.isArray(messages) ? messages : (messages.messages ?? []);
    expect(list.map((m) => [m.messageId, m.plainText])).toContainEqual([sent.message_id, 'hello channel']);

    const control = await fetch(`${urls.telegram}/_control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 7 }) });
    expect(control.status).toBe(200);
    const refused = await telegram.sendMessage('@cars_bot_listings', 'again').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).parameters.retry_after).toBe(7);

    const sheets = sheetsClientForEmulator(urls.sheets);
    const values = await sheets.spreadsheets.values.get({ spreadsheetId: 'cars-bot-control-panel', range: 'Channels!A1:D' });
    expect(values.data.values?.[0]).toEqual(['channel', 'title', 'active', 'notes']);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
}, 60_000);
