/**
 * Local stand-ins for the vendors whose credentials are absent (EMULATORS=auto), or for all of
 * them (EMULATORS=on), so the whole pipeline runs on a laptop with nothing configured. Returns
 * the config pointed at them; the real clients are used all the same, over HTTP. The emulators
 * load only when one is wanted (see load-emulators.ts).
 */
import { createClosers } from '../common/closers';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { AppConfig } from '../config';
import { TELEGRAM_WEB_ROOT } from '../config/app-config';
import { hasSheetsCredentials } from '../activities/sheets/sheets-client';
import { loadEmulators } from './load-emulators';
import { SAMPLE_SOURCE_CHANNELS, SAMPLE_SPREADSHEET_ID, SAMPLE_UNJOINED_CHANNELS, SAMPLE_UNJOINED_POSTS, sampleControlPanel } from './sample-control-panel';

/** The emulated private channel where uncertain sends are checked when none is configured. */
const EMULATED_PROBE_CHANNEL_ID = -1009000000001;

export interface RunningEmulators {
  config: AppConfig;
  /** Base URL of each emulator started. */
  urls: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulatorsAsNeeded(config: AppConfig, log: (line: string) => void): Promise<RunningEmulators> {
  const want = (configured: boolean) => config.emulators === 'on' || (config.emulators === 'auto' && !configured);
  const closers = createClosers();
  const urls: Record<string, string> = {};
  let next = config;
  const wanted = { openai: want(Boolean(config.openai.apiKey)), sheets: want(hasSheetsCredentials(config.sheets)), telegram: want(Boolean(config.telegram.botToken)) };
  const missing = Object.entries(wanted).filter(([, on]) => on).map(([name]) => name);
  if (missing.length === 0) return { config, urls, close: async () => {} };
  const { startOpenAiEmulator, startSheetsEmulator, startTelegramEmulator } = await loadEmulators(
    config.emulators === 'on' ? 'EMULATORS=on' : `EMULATORS=auto and no credentials for ${missing.join(', ')}`,
  );

  if (wanted.openai) {
    const openai = await startOpenAiEmulator({});
    closers.add(() => openai.close());
    urls.openai = openai.url;
    next = { ...next, openai: { ...next.openai, apiKey: 'emulator', baseUrl: openai.url } };
    log(`OpenAI emulator on ${openai.url} (no OPENAI_API_KEY set)`);
  }

  if (wanted.sheets) {
    // A throwaway key: the client signs its tokens as it would for Google; the emulator accepts them.
    // Made off the main thread (half a second of CPU), while the emulator starts.
    const keyPair = promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const sheets = await startSheetsEmulator({ spreadsheets: sampleControlPanel() });
    closers.add(() => sheets.close());
    urls.sheets = sheets.url;
    const { privateKey } = await keyPair;
    const key = { type: 'service_account', client_email: 'cars-bot@emulator.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    next = { ...next, sheets: { spreadsheetId: SAMPLE_SPREADSHEET_ID, serviceAccountJson: JSON.stringify(key), rootUrl: sheets.url } };
    log(`Google Sheets emulator on ${sheets.url} with the sample spreadsheet ${SAMPLE_SPREADSHEET_ID} (no service-account key set)`);
  }

  if (wanted.telegram) {
    const channel = config.telegram.channelId;
    // Uncertain sends are checked by forwarding to a private chat of the bot's: without an admin
    // or a probe chat configured, the emulator gets a private channel for it.
    const probeChatId = config.telegram.probeChatId ?? String(EMULATED_PROBE_CHANNEL_ID);
    const telegram = await startTelegramEmulator({
      chats: [
        { type: 'channel', title: 'Cars Bot listings', ...(channel.startsWith('@') ? { username: channel } : { id: Number(channel) }) },
        ...(config.telegram.probeChatId ? [] : [{ type: 'channel' as const, title: 'Cars Bot probe (private)', id: EMULATED_PROBE_CHANNEL_ID }]),
        ...SAMPLE_SOURCE_CHANNELS.map((username) => ({ type: 'channel' as const, title: username, username, ...(SAMPLE_UNJOINED_CHANNELS.includes(username) && { botStatus: 'left' as const }) })),
      ],
      users: config.telegram.adminIds.map((id) => ({ id, first_name: `Admin ${id}` })),
      bot: { username: 'cars_bot_emulated_bot', first_name: 'Cars Bot' },
      // Sample posts name photos by made-up file ids.
      acceptUnknownFileIds: true,
    });
    closers.add(() => telegram.close());
    for (const post of SAMPLE_UNJOINED_POSTS) telegram.addChannelPost(post);
    urls.telegram = telegram.url;
    next = { ...next, telegram: { ...next.telegram, botToken: '123456789:emulator-token-for-local-runs-only', apiRoot: telegram.url, probeChatId } };
    // Channel previews from the emulator too, unless a preview root was set on purpose.
    if (next.monitor.previewRoot === TELEGRAM_WEB_ROOT) next = { ...next, monitor: { ...next.monitor, previewRoot: telegram.url } };
    log(`Telegram emulator on ${telegram.url}: our channel ${channel}, shown at ${telegram.chatViewUrl(/^-?\d+$/.test(channel) ? Number(channel) : channel)}, all chats at ${telegram.chatViewUrl()}`);
  }

  return {
    config: next,
    urls,
    close: () => closers.closeAll(),
  };
}
