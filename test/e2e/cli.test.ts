/**
 * The compiled CLI (`bin/cars-bot.js`) as a user runs it: help and version, errors that say
 * what is wrong with an `error:` prefix, and a Temporal server that isn't there reported at once
 * with its address rather than after the SDK's long connect deadline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/temporal/dev-server';
import { createTestNamespace } from '../harness/temporal';
import { exitWithin, killLeftovers, ROOT, runCommand } from '../harness/processes';

afterEach(() => killLeftovers());

async function cli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 30_000) {
  const cmd = runCommand(args, env);
  const code = await exitWithin(cmd, timeoutMs);
  return { code, out: cmd.stdout(), all: cmd.output() };
}

test('--help lists every command and the examples; --version prints the package version', async () => {
  const started = Date.now();
  const help = await cli(['--help']);
  const helpMs = Date.now() - started;
  expect(help.code).toBe(0);
  for (const command of ['start', 'worker', 'health', 'emulators', 'serve', 'schedules', 'job', 'post']) expect(help.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  expect(help.out).toContain('Examples:');
  expect(help.out).toContain('cars-bot health');
  expect(help.out).toContain('npm start');
  // Measured, not asserted (timings on a shared machine are noise): shown for the record.
  process.stderr.write(`cars-bot --help answered in ${helpMs} ms (process start to exit)\n`);

  const version = await cli(['--version']);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(version).toMatchObject({ code: 0, out: `${pkg.version}\n` });
});

test.each([
  [['health'], 'health'],
  [['schedules', 'list'], 'schedules list'],
  [['job', 'run', 'health-check'], 'job run'],
  [['post', 'status', 'post-cars_kz-1'], 'post status'],
])('%j with nothing listening: exit 1 within 3 s naming the address', async (args) => {
  const port = await freePort();
  const result = await cli(args, { TEMPORAL_DEV_PORT: String(port) }, 3_000);
  expect(result.code).toBe(1);
  expect(result.all).toContain(`error: Temporal is not reachable at 127.0.0.1:${port} — is \`npm start\` running?`);
  expect(result.all).not.toMatch(/tonic|Failed to connect before the deadline/);
});

test('with TEMPORAL_ADDRESS set and nothing there, the message names it and the variable', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const result = await cli(['health'], { TEMPORAL_ADDRESS: address }, 3_000);
  expect(result.code).toBe(1);
  expect(result.all).toContain(`error: Temporal is not reachable at ${address} — is that server (TEMPORAL_ADDRESS) running?`);
});

test('bad arguments and settings are refused with an error: line, before connecting', async () => {
  const recheck = await cli(['health', '--recheck', 'abc']);
  expect(recheck.code).toBe(1);
  expect(recheck.all).toContain("error: option '--recheck <ms>' argument 'abc' is invalid.");

  const config = await cli(['health'], { TEMPORAL_DEV_PORT: 'seventy' });
  expect(config.code).toBe(2);
  expect(config.all).toMatch(/^error: invalid configuration:\n {2}- TEMPORAL_DEV_PORT: expected a port number/m);

  const job = await cli(['job', 'run', 'clean-up'], { TEMPORAL_DEV_PORT: String(await freePort()) });
  expect(job.code).toBe(1);
  expect(job.all).toContain('error: unknown job "clean-up"; known:');

  // Each job name is listed once, `cleanup` too (its schedule id and workflow type are the same).
  const names = /Jobs \(schedule id or workflow type\): (.+)/.exec((await cli(['job', '--help'])).out)?.[1].split(', ') ?? [];
  expect(names).toContain('cleanup');
  expect(names.filter((n) => n === 'cleanup')).toHaveLength(1);
  expect(new Set(names).size).toBe(names.length);
});

test('an unknown post on a running server: error: prefix, exit 1', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS });
  const namespace = await createTestNamespace(connection);
  await connection.close();
  const result = await cli(['post', 'status', 'post-nope-1'], { TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS, TEMPORAL_NAMESPACE: namespace });
  expect(result).toMatchObject({ code: 1, all: 'error: no post post-nope-1 is known\n' });
});
