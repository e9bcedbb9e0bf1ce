import type { Command } from 'commander';
import { loadEmulators, type EmulatorFaults } from '../../stack/load-emulators';
import { zodErrorLine } from '../../common/zod-errors';

interface EmulatorOptions {
  host: string;
  openaiPort: string;
  telegramPort: string;
  sheetsPort: string;
  faults?: string;
  sheetsQuota: string;
}

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name}: expected a port number, got "${value}"`);
  return n;
}

/** Parses `--faults '{"latencyMs":[50,200],"errorRate":0.1}'` with a message naming what is wrong. */
async function parseFaults(text: string | undefined): Promise<EmulatorFaults | undefined> {
  if (!text) return undefined;
  const { faultConfigSchema } = await loadEmulators('cars-bot emulators');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('--faults: expected JSON such as {"latencyMs":[50,200],"errorRate":0.1}');
  }
  const parsed = faultConfigSchema.safeParse(json);
  if (!parsed.success) throw new Error(`--faults: ${zodErrorLine(parsed.error)}`);
  return parsed.data;
}

export function registerEmulators(program: Command): void {
  program
    .command('emulators')
    .summary('run the OpenAI, Telegram and Google Sheets emulators standalone')
    .description('Run the OpenAI, Telegram Bot API and Google Sheets emulators standalone on fixed ports, for other processes to use and drive over HTTP (control API under /_control/ on each).')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--openai-port <port>', 'OpenAI emulator port', '4010')
    .option('--telegram-port <port>', 'Telegram emulator port', '4011')
    .option('--sheets-port <port>', 'Google Sheets emulator port', '4012')
    .option('--sheets-quota <n>', 'Sheets requests per minute (0: unlimited)', '60')
    .option('--faults <json>', 'faults applied to all three at start, e.g. {"latencyMs":[50,200],"errorRate":0.05}')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npm run emulators',
        `  npm run emulators -- --faults '{"latencyMs":[100,300]}'`,
        '  curl -X POST localhost:4011/_control/faults -d \'{"failNext":{"count":2,"status":429}}\'',
        '  curl "localhost:4011/_control/messages?chat_id=@cars_bot_listings"',
        '  open http://localhost:4011/chats   (each chat as a client draws it)',
        '',
        'Point the service at them with OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_API_KEY=any,',
        'TELEGRAM_API_ROOT=http://127.0.0.1:4011 TELEGRAM_BOT_TOKEN=123:any, GOOGLE_SHEETS_ROOT_URL=http://127.0.0.1:4012/.',
      ].join('\n'),
    )
    .action(async (opts: EmulatorOptions) => {
      const { cliContext } = await import('../context');
      const { startOpenAiEmulator, startSheetsEmulator, startTelegramEmulator } = await loadEmulators('cars-bot emulators');
      const { SAMPLE_SOURCE_CHANNELS, SAMPLE_UNJOINED_CHANNELS, sampleControlPanel } = await import('../../stack/sample-control-panel');
      const { config, log } = cliContext();
      const faults = await parseFaults(opts.faults);
      const quota = Number(opts.sheetsQuota);
      if (!Number.isInteger(quota) || quota < 0) throw new Error(`--sheets-quota: expected a whole number, got "${opts.sheetsQuota}"`);
      const channel = config.telegram.channelId;
      const [openai, telegram, sheets] = await Promise.all([
        startOpenAiEmulator({ host: opts.host, port: port('openai-port', opts.openaiPort), faults }),
        startTelegramEmulator({
          host: opts.host,
          port: port('telegram-port', opts.telegramPort),
          faults,
          chats: [
            { type: 'channel', title: 'Cars Bot listings', ...(channel.startsWith('@') ? { username: channel } : { id: Number(channel) }) },
            ...SAMPLE_SOURCE_CHANNELS.map((username) => ({ type: 'channel' as const, title: username, username, ...(SAMPLE_UNJOINED_CHANNELS.includes(username) && { botStatus: 'left' as const }) })),
          ],
          users: config.telegram.adminIds.map((id) => ({ id, first_name: `Admin ${id}` })),
          acceptUnknownFileIds: true,
        }),
        startSheetsEmulator({ host: opts.host, port: port('sheets-port', opts.sheetsPort), faults, quotaPerMinute: quota, spreadsheets: sampleControlPanel() }),
      ]);
      process.stdout.write(`${JSON.stringify({ openai: openai.url, telegram: telegram.url, sheets: sheets.url })}\n`);
      log.info(`OpenAI emulator:   ${openai.url}`);
      log.info(`Telegram emulator: ${telegram.url}`);
      log.info(`Sheets emulator:   ${sheets.url}`);
      log.info('Press Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await Promise.all([openai.close(), telegram.close(), sheets.close()]);
    });
}
