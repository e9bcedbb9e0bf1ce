/**
 * docker-compose.yml, run without Docker: our services' commands from the file as separate OS
 * processes, with the environment, restart policies and healthchecks the file gives them (see
 * test/harness/compose-topology.ts for what is mapped and why). Stand-ins for what isn't ours:
 * a real PostgreSQL server (scripts/ci-postgres.sh) for `postgresql`, a Temporal dev server on
 * a database file with the file's dynamic config for `temporal` (its schema job needs none),
 * the project's emulators for the vendors. The namespace job runs its real script with the
 * Temporal CLI; then the schedules job; then the workers and the API.
 *
 * Then, as an operator would see it: the schedules exist, a Channels sync runs, a channel post
 * through the bot's webhook is published; each worker service is killed with SIGKILL and
 * restarted by its restart policy, the Temporal server is killed and restarted on its file
 * (the workers' healthchecks fail meanwhile); and at the end every post is published exactly
 * once, none is left Running, and every healthcheck passes.
 *
 * `npm run test:topology:long` runs more rounds of kills, each landing while posts are in
 * flight (COMPOSE_TOPOLOGY_ROUNDS, default 1 here).
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { postWorkflowId } from '../../src/common/posts';
import { scheduleDefinitions } from '../../src/schedules/definitions';
import { SAMPLE_SOURCE_CHANNELS, SAMPLE_SPREADSHEET_ID } from '../../src/stack/sample-control-panel';
import { freePort } from '../../src/stack/ports';
import { findBinary } from '../../src/temporal/binaries';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';
import { TelegramControlClient } from '../../emulators/telegram/control-client';
import { TEST_CODEC_KEYS } from '../harness/codec';
import { commandOf, dynamicConfigValues, environmentOf, hostPathOf, loadCompose, ourServices, restartPolicyOf, ROOT, type ComposeFile } from '../harness/compose-file';
import { ComposeTopology } from '../harness/compose-topology';
import { killLeftovers, runCommand, type RunningCommand } from '../harness/processes';
import { testServiceAccountJson } from '../harness/sheets';
import { waitFor } from '../harness/wait-for';

const run = promisify(execFile);
/** Rounds of kills: 1 in the suite; the long variant sets more. */
const ROUNDS = Number(process.env.COMPOSE_TOPOLOGY_ROUNDS ?? '1');
const LONG = ROUNDS > 1;
const CHANNEL = '@cars_bot_listings';
const temporalCli = findBinary('cli');

let tmp: string;
let compose: ComposeFile;
let topology: ComposeTopology;
let devServer: RunningDevServer | undefined;
let devServerOptions: Parameters<typeof startDevServer>[0];
let emulators: RunningCommand;
let telegram: TelegramControlClient;
let pool: Pool;
let schema: string;
let client: Client;
let apiUrl: string;
let workerServices: string[];
const dotenv: Record<string, string> = {};
/** Every post this run submitted, by workflow id, with its source and message id. */
const submitted = new Map<string, { source: string; messageId: number }>();

/** The run's PostgreSQL: CI's (DATABASE_URL), else the one scripts/ci-postgres.sh starts or finds. */
function postgresUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/ci-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('DATABASE_URL=')) throw new Error(`scripts/ci-postgres.sh printed no DATABASE_URL: ${out}`);
  return line.slice('DATABASE_URL='.length);
}

function writeDotenv(file: string, values: Record<string, string>): void {
  fs.writeFileSync(file, Object.entries(values).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n', { mode: 0o600 });
}

const CARS = [
  ['Toyota', 'Camry'], ['Hyundai', 'Tucson'], ['Kia', 'Rio'], ['Lada', 'Vesta'], ['BMW', 'X5'], ['Nissan', 'Qashqai'],
  ['Volkswagen', 'Polo'], ['Skoda', 'Octavia'], ['Mazda', 'CX-5'], ['Honda', 'CR-V'], ['Chevrolet', 'Cobalt'], ['Audi', 'A6'],
] as const;
let adNumber = 0;
/** A car ad no other post of this run repeats (the dedupe would take a repeat for a duplicate). */
function carAd(): string {
  const i = adNumber++;
  const [make, model] = CARS[i % CARS.length];
  return `Продаю ${make} ${model} ${2005 + (i % 19)} года, пробег ${40 + i * 7} 000 км, цена ${3 + i} ${100 + i} 000 тг, Алматы. Звоните +7 701 ${200 + i} 45 67`;
}

/** Submits a post through the API, as an outside monitor would. */
async function submitThroughApi(): Promise<string> {
  const post = { source: '@cars_kz', messageId: 9000 + adNumber, text: carAd() };
  const res = await fetch(`${apiUrl}/api/v1/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dotenv.API_TOKENS}`, 'content-type': 'application/json' },
    body: JSON.stringify(post),
  });
  const body = (await res.json()) as { workflowId: string };
  expect([res.status, body.workflowId]).toEqual([202, postWorkflowId(post.source, post.messageId)]);
  submitted.set(body.workflowId, post);
  return body.workflowId;
}

async function countWorkflows(query: string): Promise<number> {
  return (await client.workflow.count(query)).count;
}

/** Every worker service's healthcheck, run once each. */
async function workerHealth(): Promise<boolean[]> {
  return Promise.all(workerServices.map((name) => topology.get(name).healthcheck()));
}

beforeAll(async () => {
  if (!temporalCli) throw new Error('the Temporal CLI was not found (npm test installs it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-topology-'));
  for (const dir of ['project', 'app', 'logs', 'temporal']) fs.mkdirSync(path.join(tmp, dir));

  // postgresql: a real server; the run's tables in a schema of their own (PGOPTIONS, which every
  // PostgreSQL client reads), so parallel runs sharing the server never meet.
  const databaseUrl = new URL(postgresUrl());
  if (decodeURIComponent(databaseUrl.username) !== 'carsbot' || databaseUrl.pathname !== '/carsbot') {
    throw new Error(`the compose file connects as carsbot to database carsbot; ${databaseUrl.host} must have both (scripts/ci-postgres.sh makes them)`);
  }
  schema = `topology_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  pool = new Pool({ connectionString: databaseUrl.toString(), options: `-c search_path=${schema}`, max: 2 });
  await pool.query(`create schema ${schema}`);

  // The vendors: the project's emulators, as a process of their own.
  const [openaiPort, telegramPort, sheetsPort] = [await freePort(), await freePort(), await freePort()];
  // The long run gives every vendor call some latency, so its kills catch steps in flight.
  const latency = LONG ? ['--faults', JSON.stringify({ latencyMs: [200, 600] })] : [];
  emulators = runCommand(['emulators', '--openai-port', String(openaiPort), '--telegram-port', String(telegramPort), '--sheets-port', String(sheetsPort), ...latency], { LOG_LEVEL: 'warn' });
  const urls = JSON.parse((await emulators.waitForOutput(/^\{"openai".*\}$/m, 60_000))[0]) as { openai: string; telegram: string; sheets: string };
  telegram = new TelegramControlClient(urls.telegram);

  // .env, as an operator fills it in: the required secrets, and the vendors (here, the emulators).
  Object.assign(dotenv, {
    POSTGRES_PASSWORD: 'used-only-by-the-temporal-containers',
    CARSBOT_DB_PASSWORD: decodeURIComponent(databaseUrl.password),
    API_TOKENS: randomBytes(24).toString('hex'),
    CODEC_KEYS: TEST_CODEC_KEYS,
    CODEC_UI_TOKEN: randomBytes(24).toString('hex'),
    OPENAI_API_KEY: 'sk-topology',
    OPENAI_BASE_URL: urls.openai,
    TELEGRAM_BOT_TOKEN: '123456789:topology-test-token',
    TELEGRAM_API_ROOT: urls.telegram,
    // Telegram posts updates to the API's webhook route (the emulator plays Telegram).
    TELEGRAM_WEBHOOK_URL: 'http://api:3000/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    GOOGLE_SHEETS_SPREADSHEET_ID: SAMPLE_SPREADSHEET_ID,
    GOOGLE_SERVICE_ACCOUNT_JSON: testServiceAccountJson(),
    GOOGLE_SHEETS_ROOT_URL: urls.sheets,
    PUBLISH_RATE_PER_MINUTE: '600',
    WORKER_SHUTDOWN_GRACE: '5s',
  });
  writeDotenv(path.join(tmp, 'project', '.env'), dotenv);
  compose = loadCompose(dotenv);

  // temporal: a dev server on a database file, with the dynamic config the compose server mounts.
  const dynamicFile = hostPathOf(compose.services.temporal, environmentOf(compose.services.temporal).DYNAMIC_CONFIG_FILE_PATH);
  if (!dynamicFile) throw new Error('the temporal service mounts no dynamic config file');
  devServerOptions = {
    executable: temporalCli,
    port: await freePort(),
    dbFilename: path.join(tmp, 'temporal', 'temporal.db'),
    dynamicConfig: dynamicConfigValues(dynamicFile),
    registerSearchAttributes: false, // the namespace job's script registers them, as on the compose server
    logFile: path.join(tmp, 'logs', 'temporal-server.log'),
  };
  devServer = await startDevServer(devServerOptions);


  const ours = ourServices(compose);
  workerServices = ours.filter((name) => commandOf(compose.services[name])[0] === 'worker');
  topology = await ComposeTopology.create(
    {
      compose,
      projectDir: path.join(tmp, 'project'),
      workDir: path.join(tmp, 'app'),
      logDir: path.join(tmp, 'logs'),
      standIns: { 'postgresql:5432': databaseUrl.host, 'temporal:7233': devServer.address },
      toolDirs: [path.dirname(temporalCli)],
      extraEnv: { PGOPTIONS: `-c search_path=${schema}` },
    },
    ['temporal-create-namespace', ...ours],
  );
  apiUrl = `http://${topology.addresses.get('api:3000')}`;
  client = new Client({ connection: await Connection.connect({ address: devServer.address }), namespace: environmentOf(compose.services.api).TEMPORAL_NAMESPACE });
  await topology.up(240_000);
  await Promise.all([...workerServices, 'api'].map((name) => topology.get(name).healthy(120_000)));
}, 400_000);

afterAll(async () => {
  await topology?.down();
  await devServer?.stop();
  await client?.connection.close();
  emulators?.child.kill('SIGTERM');
  killLeftovers([tmp]);
  await pool?.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
  await pool?.end();
  if (tmp && !process.env.KEEP_TOPOLOGY_LOGS) fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

describe('docker-compose.yml as processes', () => {
  test('the one-shot jobs ran in order and succeeded, and the schedules exist on the server', async () => {
    const namespaceJob = topology.get('temporal-create-namespace');
    const schedulesJob = topology.get('schedules');
    expect(namespaceJob.exits).toEqual([{ code: 0, signal: null, at: expect.any(Number) }]);
    expect(schedulesJob.exits).toEqual([{ code: 0, signal: null, at: expect.any(Number) }]);
    // Compose's order: the namespace job finished before anything that depends on it started.
    for (const name of ['schedules', ...workerServices, 'api']) expect([name, topology.get(name).starts[0] >= namespaceJob.exits[0].at]).toEqual([name, true]);
    expect(restartPolicyOf(compose.services.schedules).policy).toBe('on-failure');

    const { stdout } = await run(temporalCli!, ['schedule', 'list', '--address', devServer!.address, '--namespace', 'default', '-o', 'json']);
    const listed = (JSON.parse(stdout) as { scheduleId: string }[]).map((s) => s.scheduleId).sort();
    expect(listed).toEqual(scheduleDefinitions({ schedules: { timezone: 'UTC' } }).map((d) => d.id).sort());
    expect(schedulesJob.output()).toMatch(/created/);
  });

  test('each worker serves metrics on its METRICS_PORT, and the UI\'s codec endpoint answers the UI\'s origin', async () => {
    for (const name of workerServices) {
      const res = await fetch(`http://${topology.addresses.get(`${name}:${environmentOf(compose.services[name]).METRICS_PORT}`)}/metrics`);
      expect([name, res.status, (await res.text()).includes('temporal_')]).toEqual([name, 200, true]);
    }
    const ui = environmentOf(compose.services['temporal-ui']);
    const endpoint = ui.TEMPORAL_CODEC_ENDPOINT.replace(/localhost:(\d+)/, (_, port: string) => topology.published(Number(port)));
    const origin = `http://localhost:${compose.services['temporal-ui'].ports?.[0].toString().split(':').at(-2)}`;
    const headers = { origin, 'x-namespace': 'default', 'content-type': 'application/json' };
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"topology"').toString('base64') };
    const encoded = await fetch(`${endpoint}/encode`, { method: 'POST', headers, body: JSON.stringify({ payloads: [plain] }) });
    expect([encoded.status, encoded.headers.get('access-control-allow-origin')]).toEqual([200, origin]);
    const decoded = await fetch(`${endpoint}/decode`, { method: 'POST', headers, body: JSON.stringify(await encoded.json()) });
    expect(((await decoded.json()) as { payloads: unknown[] }).payloads).toEqual([plain]);
  });

  test('a Channels sync runs from its schedule and makes the sheet\'s channels active', async () => {
    await run(temporalCli!, ['schedule', 'trigger', '--schedule-id', 'sync-channels', '--address', devServer!.address, '--namespace', 'default']);
    await waitFor(async () => (await countWorkflows(`WorkflowType='syncChannels' AND ExecutionStatus='Completed'`)) > 0, { timeoutMs: 60_000, what: 'a completed syncChannels run' });
    const { rows } = await pool.query<{ chat: string }>('select chat from channels where active order by chat');
    expect(rows.map((r) => r.chat)).toEqual([...SAMPLE_SOURCE_CHANNELS].sort());
  }, 90_000);

  test('a post in a source channel reaches the bot through its webhook and is published', async () => {
    const injected = await telegram.injectUpdate({ kind: 'channel_post', chat: '@auto_almaty', text: carAd() });
    const messageId = injected.updates[0].channel_post!.message_id;
    const workflowId = postWorkflowId('@auto_almaty', messageId);
    submitted.set(workflowId, { source: '@auto_almaty', messageId });
    await waitFor(async () => (await client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED', { timeoutMs: 90_000, what: `${workflowId} to complete` });
    const { rows } = await pool.query<{ status: string }>('select status from posts where source = $1 and message_id = $2', ['@auto_almaty', messageId]);
    expect(rows).toEqual([{ status: 'published' }]);
  }, 120_000);

  test(`each worker service killed with SIGKILL (${ROUNDS} round${ROUNDS > 1 ? 's' : ''}) is restarted by its restart policy, and the Temporal server on its file`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of workerServices) {
        const p = topology.get(name);
        expect(restartPolicyOf(p.service).policy).toBe('unless-stopped');
        const starts = p.starts.length;
        // In the suite, the posts arrive while the worker is down, so their tasks wait in its queue;
        // in the long run the kill lands while they are in flight (a step then waits out its timeout).
        if (LONG) {
          await Promise.all([submitThroughApi(), submitThroughApi(), submitThroughApi()]);
          await new Promise((r) => setTimeout(r, 500 + Math.random() * 2_000));
        }
        p.kill('SIGKILL');
        await p.restartedAfter(starts, 10_000);
        expect(p.exits.at(-1)?.signal).toBe('SIGKILL');
        if (!LONG) await Promise.all([submitThroughApi(), submitThroughApi()]);
        await p.healthy(120_000);
      }

      // The Temporal server, with posts in flight: the workers' healthchecks fail while it is down.
      await Promise.all([submitThroughApi(), submitThroughApi()]);
      expect(restartPolicyOf(compose.services.temporal).policy).toBe('unless-stopped');
      process.kill(-devServer!.process.pid!, 'SIGKILL');
      await devServer!.stop();
      await waitFor(async () => (await workerHealth()).every((ok) => !ok), { timeoutMs: 30_000, what: 'every worker healthcheck to fail while Temporal is down' });
      devServer = await startDevServer(devServerOptions);
      await Promise.all(workerServices.map((name) => topology.get(name).healthy(120_000)));
      await submitThroughApi();
    }
    for (const name of workerServices) expect([name, topology.get(name).exits.filter((e) => e.signal === 'SIGKILL').length]).toEqual([name, ROUNDS]);
  }, 600_000 * ROUNDS);

  test('at the end every post is published exactly once, none is left Running, and every healthcheck passes', async () => {
    const ids = [...submitted.keys()];
    const done = `WorkflowType='processPost' AND ExecutionStatus='Completed'`;
    // A step caught mid-flight by a kill is retried after its timeout (up to 2 min for a send).
    await waitFor(async () => (await countWorkflows(done)) >= ids.length, { timeoutMs: LONG ? 900_000 : 300_000, intervalMs: 1_000, what: `${ids.length} posts to complete` }).catch(async (err: Error) => {
      const { rows } = await pool.query('select source, message_id, status from posts order by id');
      throw new Error(`${err.message}\nposts: ${JSON.stringify(rows)}`);
    });
    for (const id of ids) expect([id, (await client.workflow.getHandle(id).describe()).status.name]).toEqual([id, 'COMPLETED']);
    expect(await countWorkflows(`ExecutionStatus='Running' AND (WorkflowType='processPost' OR WorkflowType='publishPost')`)).toBe(0);
    expect(await countWorkflows(`(WorkflowType='processPost' OR WorkflowType='publishPost') AND ExecutionStatus!='Completed'`)).toBe(0);

    const { rows: posts } = await pool.query<{ id: string; status: string }>('select id::text, status from posts');
    expect(posts).toHaveLength(ids.length);
    expect(posts.filter((p) => p.status !== 'published')).toEqual([]);
    // The channel: one listing per post, none twice.
    const listings = (await telegram.sentMessages(CHANNEL)).map((m) => /contact_(\d+)/.exec(JSON.stringify(m.replyMarkup ?? m.caption ?? ''))?.[1]);
    expect(listings.filter((id) => id === undefined)).toEqual([]);
    expect([...listings].sort()).toEqual(posts.map((p) => p.id).sort());

    if (LONG) {
      // The long run's point: kills caught steps mid-flight, which were retried after their timeout.
      let timedOut = 0;
      for (const id of ids) {
        const history = await client.workflow.getHandle(id).fetchHistory();
        // An attempt that timed out leaves no event of its own: the next attempt's start carries it as its last failure.
        timedOut += history.events?.filter((e) => e.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo).length ?? 0;
      }
      process.stdout.write(`compose topology, ${ROUNDS} rounds: ${ids.length} posts, ${listings.length} listings, ${timedOut} steps retried after a kill caught them\n`);
      expect(timedOut).toBeGreaterThan(0);
    }

    for (const name of [...workerServices, 'api']) expect([name, await topology.get(name).healthcheck()]).toEqual([name, true]);
    // Only the kills restarted anything: the API rode out the server's restart.
    expect(topology.get('api').starts).toHaveLength(1);
    for (const name of workerServices) expect([name, topology.get(name).starts.length]).toEqual([name, ROUNDS + 1]);
  }, 1_000_000);
});
