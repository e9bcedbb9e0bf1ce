/**
 * The emulators' face to the service: what `npm start` (the embedded stack) and `cars-bot emulators`
 * load, from a clone only. The service never imports this module statically; see
 * src/stack/load-emulators.ts.
 */
export { startOpenAiEmulator, type OpenAiEmulator, type OpenAiEmulatorOptions } from './openai';
export { startSheetsEmulator, type SheetsEmulator, type SheetsEmulatorOptions, type SheetsFixture } from './sheets';
export { startTelegramEmulator, type TelegramEmulator, type TelegramEmulatorOptions } from './telegram';
export { faultConfigSchema, type FaultConfig } from './common/faults';
