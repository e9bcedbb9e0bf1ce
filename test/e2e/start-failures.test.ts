/**
 * `cars-bot start` failing to start, as a separate process: it must exit non-zero within
 * seconds, say what to change, and leave nothing running — whether the problem is found before
 * anything starts (a port taken, no Temporal at TEMPORAL_ADDRESS) or after the dev server, the
 * database and the workers are up (a setting only the bot checks).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/temporal/dev-server';
import { exitWithin, expectNothingLeft, killLeftovers, runCommand } from '../harness/processes';

async function listen(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function baseEnv(dataDir: string): Promise<Record<string, string>> {
  return {
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    EMULATORS: 'on',
  };
}

const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-fail-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => killLeftovers(dirs));
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test.each([
  ['API_PORT', 'the API'],
  ['TEMPORAL_DEV_PORT', "the dev server's gRPC"],
  ['TEMPORAL_UI_PORT', "the dev server's Web UI"],
])('%s taken (%s port): exit 1 within 10 s naming the port and the variable, nothing started', async (variable) => {
  const dataDir = tmp();
  const env = await baseEnv(dataDir);
  const blocker = await listen(Number(env[variable]));
  try {
    const cmd = runCommand(['start'], env);
    expect(await exitWithin(cmd, 10_000)).toBe(1);
    expect(cmd.output()).toContain(`error: port ${env[variable]} on 127.0.0.1 (${variable}) is already in use`);
    expect(cmd.output()).toContain(`set ${variable} to a free port`);
    await expectNothingLeft(cmd, dataDir);
    expect(fs.existsSync(path.join(dataDir, 'temporal-dev-server.pid'))).toBe(false);
  } finally {
    blocker.close();
  }
}, 30_000);

test('TEMPORAL_ADDRESS with nothing listening: exit 1 within 10 s naming the address', async () => {
  const dataDir = tmp();
  const address = `127.0.0.1:${await freePort()}`;
  const cmd = runCommand(['start'], { ...(await baseEnv(dataDir)), TEMPORAL_ADDRESS: address });
  expect(await exitWithin(cmd, 10_000)).toBe(1);
  expect(cmd.output()).toContain(`error: Temporal is not reachable at ${address} — start that server, or unset TEMPORAL_ADDRESS`);
  expect(cmd.output()).not.toMatch(/tonic|TransportError/);
  await expectNothingLeft(cmd, dataDir);
}, 30_000);

test('an error late in start-up (the bot refuses a webhook without a secret) stops the dev server, database and workers, and exits', async () => {
  const dataDir = tmp();
  const cmd = runCommand(['start'], { ...(await baseEnv(dataDir)), TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram' });
  expect(await exitWithin(cmd, 150_000)).toBe(1);
  // It got that far: the dev server, the database and the workers were up, and the schedules applied.
  expect(cmd.output()).toContain('schedules applied');
  expect(cmd.output()).toContain('error: TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not');
  expect(cmd.output()).not.toContain('Cars Bot is ready');
  await expectNothingLeft(cmd, dataDir);
}, 180_000);
