/**
 * `cars-bot start` (what `npm start` runs) as a separate process with the real Temporal dev
 * server, stopped every way a user stops it: SIGTERM, Ctrl-C twice while work is in flight,
 * Ctrl-C during start-up, and a kill -9 that only the next start can clean up after. Each time
 * no process of ours and no dev server may be left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SAME_SIGNAL_WINDOW_MS } from '../../src/cli/shutdown-signals';
import { watcherWorkflowId } from '../../src/common/monitor';
import { WORKFLOW_TYPES } from '../../src/common/workflow-types';
import { SAMPLE_SPREADSHEET_ID, sampleControlPanel } from '../../src/stack/sample-control-panel';
import { freePort } from '../../src/temporal/dev-server';
import { exitWithin, expectNothingLeft, isAlive, killLeftovers, runCommand, type RunningCommand } from '../harness/processes';
import { waitFor } from '../harness/wait-for';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-start-'));
const pidFile = path.join(dataDir, 'temporal-dev-server.pid');
let env: Record<string, string>;

beforeAll(async () => {
  env = {
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    EMULATORS: 'on',
    LOG_LEVEL: 'info',
  };
});

afterEach(() => killLeftovers([dataDir]));

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the stack and waits for its ready block; returns the block's addresses. */
async function startAndWait(): Promise<{ cmd: RunningCommand; block: string; devServerPid: number }> {
  const cmd = runCommand(['start'], env);
  await cmd.waitForOutput(/Press Ctrl-C to stop/, 150_000);
  const block = cmd.output().slice(cmd.output().indexOf('Cars Bot is ready'));
  const devServerPid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  expect(isAlive(devServerPid)).toBe(true);
  return { cmd, block, devServerPid };
}

/** The sample sheet's active channels named by a username (a numeric id has no web preview). */
function activeSampleUsernames(): string[] {
  const [header, ...rows] = sampleControlPanel()[SAMPLE_SPREADSHEET_ID].sheets.Channels as string[][];
  const [channel, active] = [header.indexOf('channel'), header.indexOf('active')];
  return rows.filter((r) => String(r[active]).toUpperCase() === 'TRUE' && String(r[channel]).startsWith('@')).map((r) => String(r[channel]));
}

const field = (block: string, name: string) => new RegExp(`^  ${name} +(.+)$`, 'm').exec(block)?.[1] ?? '';

test('the ready block names every address, the token is kept across restarts, and SIGTERM stops everything', async () => {
  const { cmd, block, devServerPid } = await startAndWait();
  const apiUrl = `http://127.0.0.1:${env.API_PORT}/api/v1`;
  // One running watchChannel per active sample channel that has a username, as the Web UI lists them (visibility).
  const expected = activeSampleUsernames().map(watcherWorkflowId).sort();
  expect(expected.length).toBeGreaterThan(0);
  const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
  try {
    const client = new Client({ connection });
    const running = await waitFor(async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPES.watchChannel}' AND ExecutionStatus = 'Running'` })) ids.push(w.workflowId);
      return ids.length >= expected.length ? ids.sort() : undefined;
    }, { timeoutMs: 30_000, what: 'a running watcher per active sample channel' });
    expect(running).toEqual(expected);
  } finally {
    await connection.close();
  }

  expect(field(block, 'Temporal')).toContain(`127.0.0.1:${env.TEMPORAL_DEV_PORT}`);
  expect(field(block, 'Web UI')).toBe(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
  expect(field(block, 'HTTP API')).toBe(apiUrl);
  expect(field(block, 'API docs')).toBe(`${apiUrl}/docs`);
  expect(field(block, 'API token')).toContain(path.join(dataDir, 'api-token'));
  expect(field(block, 'Dashboard')).toBe(`http://127.0.0.1:${env.API_PORT}/dashboard  (sign in with the API token)`);
  expect(field(block, 'OpenAI')).toMatch(/^emulator http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const chatView = /our channel: (http:\/\/127\.0\.0\.1:\d+\/chats\/cars_bot_listings),/.exec(field(block, 'Telegram'))?.[1];
  expect(chatView).toBeDefined();
  const chatPage = await fetch(chatView!);
  expect(chatPage.status).toBe(200);
  expect(await chatPage.text()).toContain('<header>Cars Bot listings</header>');
  expect(field(block, 'Google Sheets')).toMatch(/^emulator http:/);
  expect(block).toContain(`export TEMPORAL_ADDRESS=127.0.0.1:${env.TEMPORAL_DEV_PORT}`);
  expect(cmd.output()).not.toContain('No workflows registered');

  // The printed token works, and is the one in the file.
  const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  expect((await fetch(`${apiUrl}/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  expect((await fetch(`${apiUrl}/stats`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  // The dashboard's data links into the dev server's Web UI.
  const dashboard = await fetch(`${apiUrl}/dashboard`, { headers: { authorization: `Bearer ${token}` } });
  expect(dashboard.status).toBe(200);
  expect(((await dashboard.json()) as { temporalUiUrl: string }).temporalUiUrl).toBe(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);


  cmd.child.kill('SIGTERM');
  expect(await exitWithin(cmd, 60_000)).toBe(0);
  expect(cmd.output()).toMatch(/stopping…/);
  await expectNothingLeft(cmd, dataDir, [devServerPid]);
  expect(fs.existsSync(pidFile)).toBe(false);

  // The next start accepts the same token.
  const again = await startAndWait();
  expect((await fetch(`${apiUrl}/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  again.cmd.child.kill('SIGTERM');
  expect(await exitWithin(again.cmd, 60_000)).toBe(0);
  await expectNothingLeft(again.cmd, dataDir, [again.devServerPid]);
}, 360_000);

test('Ctrl-C twice while an activity is in flight: the second stops at once, with the dev server', async () => {
  const { cmd, block, devServerPid } = await startAndWait();
  // OpenAI answers in a minute: the classify activity stays in flight, so the graceful stop would wait for it.
  const openai = new URL(field(block, 'OpenAI').replace(/^emulator /, ''));
  expect((await fetch(`${openai.origin}/_control/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 60_000 }) })).status).toBe(200);
  const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  const submitted = await fetch(`http://127.0.0.1:${env.API_PORT}/api/v1/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: '@stop_test', messageId: 1, text: 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг' }),
  });
  expect(submitted.status).toBe(202);
  const { workflowId } = (await submitted.json()) as { workflowId: string };
  const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
  try {
    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    // The classify call itself, started on a worker (waiting on OpenAI's minute): an earlier step
    // such as the intake finishes at once, and a graceful stop would then have nothing to wait for.
    const classifyStarted = async () =>
      ((await handle.describe()).raw.pendingActivities ?? []).some(
        (a) => a.activityType?.name === 'classifyPost' && a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
      );
    await waitFor(classifyStarted, { timeoutMs: 60_000, what: 'the classify activity in flight on a worker' });
  } finally {
    await connection.close();
  }

  cmd.signalGroup('SIGINT');
  await cmd.waitForOutput(/stopping… in-flight activities get up to/);
  const first = Date.now();
  // A person presses again after a moment; a second SIGINT within the window is the same Ctrl-C seen twice (npm forwards it).
  await waitFor(() => Date.now() - first > SAME_SIGNAL_WINDOW_MS + 200, { what: 'a moment between the two Ctrl-Cs' });
  cmd.signalGroup('SIGINT');
  expect(await exitWithin(cmd, 15_000)).toBe(130);
  expect(cmd.output()).toContain('stopping at once');
  await expectNothingLeft(cmd, dataDir, [devServerPid]);
}, 240_000);

test('Ctrl-C during start-up stops what has started, dev server included', async () => {
  const cmd = runCommand(['start'], env);
  const devServerPid = await waitFor(() => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) || undefined : undefined), {
    timeoutMs: 60_000,
    intervalMs: 20,
    what: 'the dev server to be started',
  });
  cmd.signalGroup('SIGINT');
  expect(await exitWithin(cmd, 60_000)).toBe(0);
  expect(cmd.output()).toContain('stopping…');
  expect(cmd.output()).not.toContain('Cars Bot is ready');
  await expectNothingLeft(cmd, dataDir, [devServerPid]);
}, 120_000);

test('after a kill -9, the next start stops the dev server it left behind instead of using it', async () => {
  const { cmd, devServerPid } = await startAndWait();
  process.kill(cmd.child.pid!, 'SIGKILL'); // the node process only: the dev server has a group of its own
  await cmd.exited;
  expect(isAlive(devServerPid)).toBe(true);

  const next = await startAndWait();
  expect(next.cmd.output()).toContain(`stopped a Temporal dev server (pid ${devServerPid}) that an earlier start left running`);
  expect(isAlive(devServerPid)).toBe(false);
  expect(next.devServerPid).not.toBe(devServerPid);
  next.cmd.child.kill('SIGTERM');
  expect(await exitWithin(next.cmd, 60_000)).toBe(0);
  await expectNothingLeft(next.cmd, dataDir, [next.devServerPid]);
}, 360_000);
