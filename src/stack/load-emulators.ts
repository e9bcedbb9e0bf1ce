/**
 * Loads the vendors' emulators (the top-level emulators/ folder of a clone) at run time. They are a
 * development tool, not part of the service: the production build and image leave them out, so
 * nothing in src/ imports them statically. From the TypeScript sources (tsx, Jest) they load as any
 * module; from the compiled dist/ of a clone, through tsx's require (tsx transpiles them on load,
 * as it runs the scripts). An installed package or image has no emulators/ folder: a clear error.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/** A spreadsheet the Sheets emulator starts with, by id (the emulator's fixture format). */
export type SpreadsheetSeed = Record<string, { title?: string; timeZone?: string; sheets: Record<string, (string | number | boolean | null)[][]> }>;

/** Faults applied at start (the emulators' FaultConfig; validated by their schema). */
export type EmulatorFaults = Record<string, unknown>;

/** What each emulator started hands back. */
export interface StartedEmulator {
  url: string;
  close(): Promise<void>;
}

type TelegramChatSeed = { type: 'channel'; title: string; id?: number; username?: string; botStatus?: 'left' };

/**
 * The part of the emulators the service uses: typed here rather than imported, so the build's
 * program holds no emulator source (test/emulators/service-contract.test.ts checks they match).
 */
export interface Emulators {
  startOpenAiEmulator(options: { host?: string; port?: number; faults?: EmulatorFaults }): Promise<StartedEmulator>;
  startSheetsEmulator(options: { host?: string; port?: number; faults?: EmulatorFaults; quotaPerMinute?: number; spreadsheets?: SpreadsheetSeed }): Promise<StartedEmulator>;
  startTelegramEmulator(options: {
    host?: string;
    port?: number;
    faults?: EmulatorFaults;
    chats?: TelegramChatSeed[];
    users?: { id: number; first_name: string }[];
    bot?: { username: string; first_name: string };
    acceptUnknownFileIds?: boolean;
  }): Promise<StartedEmulator & { addChannelPost(post: { chat: string; text: string; photos?: number }): unknown; chatViewUrl(chat?: number | string): string }>;
  faultConfigSchema: { safeParse(value: unknown): z.ZodSafeParseResult<EmulatorFaults> };
}

/** The repository root: src/stack/ or dist/stack/ sit two levels below it. */
const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'emulators', 'index.ts');

/** Thrown where the emulators were asked for and this installation has none. */
export class EmulatorsUnavailableError extends Error {
  constructor(why: string) {
    super(
      `${why}: the emulators are a development tool kept in a clone's emulators/ folder, and this installation has none (${ENTRY} is missing). ` +
        'Run from a clone of the repository, or set the vendors\' credentials (OPENAI_API_KEY, TELEGRAM_BOT_TOKEN, GOOGLE_SERVICE_ACCOUNT_JSON) and EMULATORS=off.',
    );
    this.name = 'EmulatorsUnavailableError';
  }
}

let loaded: Emulators | undefined;

/** The emulators' module; `why` says what needed them, for the error when they are absent. */
export async function loadEmulators(why: string): Promise<Emulators> {
  if (loaded) return loaded;
  if (!fs.existsSync(ENTRY)) throw new EmulatorsUnavailableError(why);
  if (__filename.endsWith('.ts')) {
    loaded = (await import(ENTRY)) as Emulators;
  } else {
    const { require: tsxRequire } = require('tsx/cjs/api') as { require(id: string, parent: string): unknown };
    loaded = tsxRequire(ENTRY, __filename) as Emulators;
  }
  return loaded;
}
