/**
 * The service loads the emulators at run time through the contract in src/stack/load-emulators.ts
 * (it may not import them: the build leaves them out). This checks the emulators still fulfil it:
 * at compile time (the assignment below fails to typecheck when they drift apart) and at run time.
 */
import * as emulatorsModule from '../../emulators';
import { loadEmulators, type Emulators } from '../../src/stack/load-emulators';

const fulfils: Emulators = emulatorsModule;

test('the emulators fulfil the contract the service loads them by', async () => {
  const loaded = await loadEmulators('the contract test');
  for (const name of ['startOpenAiEmulator', 'startSheetsEmulator', 'startTelegramEmulator'] as const) expect(typeof loaded[name]).toBe('function');
  expect(loaded.faultConfigSchema.safeParse({ errorRate: 2 }).success).toBe(false);
  expect(fulfils.faultConfigSchema.safeParse({ latencyMs: [1, 2] }).success).toBe(true);
});
