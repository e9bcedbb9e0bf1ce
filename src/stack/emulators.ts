/**
 * Local stand-ins for the vendors whose credentials are absent (EMULATORS=auto), or for all of
 * them (EMULATORS=on), so the whole pipeline runs on a laptop with nothing configured. Returns
 * the config pointed at them; the real clients are used all the same, over HTTP.
 */
import type { AppConfig } from '../config';
import { startOpenAiEmulator } from '../emulators/openai';

export interface RunningEmulators {
  config: AppConfig;
  /** Base URL of each emulator started. */
  urls: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulatorsAsNeeded(config: AppConfig, log: (line: string) => void): Promise<RunningEmulators> {
  const want = (configured: boolean) => config.emulators === 'on' || (config.emulators === 'auto' && !configured);
  const closers: (() => Promise<void>)[] = [];
  const urls: Record<string, string> = {};
  let next = config;

  if (want(Boolean(config.openai.apiKey))) {
    const openai = await startOpenAiEmulator({});
    closers.push(() => openai.close());
    urls.openai = openai.url;
    next = { ...next, openai: { ...next.openai, apiKey: 'emulator', baseUrl: openai.url } };
    log(`OpenAI emulator on ${openai.url} (no OPENAI_API_KEY set)`);
  }

  return {
    config: next,
    urls,
    close: async () => {
      for (const fn of closers.reverse()) await fn();
    },
  };
}
