/**
 * The real grammY client against the Telegram emulator, for test files about the emulator: one
 * emulator for the file (started before its tests, back to its start state before each, closed
 * after), and the GrammyError a call must fail with.
 */
import { Api, GrammyError } from 'grammy';
import { startTelegramEmulator, type TelegramEmulator, type TelegramEmulatorOptions } from '../../emulators/telegram';

/** A token of the shape Telegram issues; the emulator serves any such token's bot. */
export const EMULATOR_BOT_TOKEN = '123456789:AAEmulatorTestToken_for-cars-bot';

export interface EmulatedTelegram {
  emulator: TelegramEmulator;
  /** grammY's client on the emulator, with {@link EMULATOR_BOT_TOKEN}. */
  api: Api;
}

/** Registers the file's hooks; the fields are set once `beforeAll` has run, so read them inside tests. */
export function useEmulatedTelegram(options: TelegramEmulatorOptions): EmulatedTelegram {
  const tg = {} as EmulatedTelegram;
  beforeAll(async () => {
    tg.emulator = await startTelegramEmulator(options);
    tg.api = new Api(EMULATOR_BOT_TOKEN, { apiRoot: tg.emulator.url });
  });
  afterAll(async () => {
    await tg.emulator?.close();
  });
  beforeEach(() => tg.emulator.reset());
  return tg;
}

/** Runs `call` and returns the GrammyError it must fail with. */
export async function grammyError(call: () => Promise<unknown>): Promise<GrammyError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof GrammyError) return err;
    throw err;
  }
  throw new Error('the call succeeded but should have failed');
}
