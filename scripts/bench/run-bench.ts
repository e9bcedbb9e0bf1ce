/**
 * One bench run: the emulators and the service (`cars-bot start`, the embedded stack with its
 * Temporal dev server) as separate processes, the way a user runs them; the bench itself is the
 * producer that submits posts and waits for them, as the Celery and BullMQ benches' producers
 * did. What the stack's processes spend (the `cars-bot start` tree, and the PostgreSQL server's
 * tree when it runs on this machine) is measured from /proc; the emulators stand in for the
 * vendors and are measured apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { sql } from 'kysely';
import type { ProcessPostResult } from '../../src/common/posts';
import { formatCodecKeys } from '../../src/config/codec-keys';
import { createStore, openDatabase, type Database } from '../../src/db';
import { OpenAiControlClient } from '../../emulators/openai/control-client';
import { TelegramControlClient } from '../../emulators/telegram/control-client';
import { workflowHandle } from '../../src/client/handles';
import { startPostWorkflow } from '../../src/client/start-post';
import { parseQuietHours, postQuietHours } from '../../src/common/quiet-hours';
import { postSettingsInterceptor } from '../../src/temporal/post-settings-interceptor';
import { WORKFLOW_TYPES } from '../../src/common/workflow-types';
import { freePort } from '../../src/stack/ports';
import { findBinary } from '../../src/temporal/binaries';
import { createDataConverter } from '../../src/temporal/data-converter';
import { benchPosts } from './car-ads';
import { historyFigures, type HistoryFigures } from './history-figures';
import { partCpuSeconds, PeakMemorySampler, procAvailable, threadCpuSeconds, treeCpuSeconds, treeOf, type MeasuredPart } from './proc-usage';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'cars-bot.js');

export type BenchDatabase = 'pglite' | 'postgres';

export interface BenchOptions {
  posts: number;
  /** Reposts of the first ads in another channel, on top of `posts` (they must cost no AI call). */
  duplicates: number;
  /** Latency the OpenAI emulator adds to every call. */
  latencyMs: number;
  db: BenchDatabase;
  /** Required for `db: 'postgres'`; the run works in a schema of its own, dropped at the end. */
  databaseUrl?: string;
  /** A Temporal server to use instead of a dev server of the stack's (its CPU is then not measured). */
  temporalAddress?: string;
  temporalNamespace?: string;
  /** Extra settings for the service (AI_CONCURRENCY=50 ...), as environment variables. */
  env?: Record<string, string>;
  /** Give up when the posts are not all done within this long. */
  timeoutMs?: number;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
}

export interface BenchReport {
  posts: number;
  duplicates: number;
  latencyMs: number;
  db: BenchDatabase;
  settings: Record<string, string>;
  /** `cars-bot start` until its ready block. */
  startupSeconds: number;
  /** First submit to last post done. */
  wallSeconds: number;
  postsPerSecond: number;
  /** Seconds from a post's submit to its workflow's close. */
  submitToDone: Quantiles;
  statuses: Record<string, number>;
  /** CPU seconds over the measured window: the stack's processes, by part; emulators apart. */
  cpuSeconds: {
    total: number;
    perPost: number;
    byPart: Record<string, number>;
    /** The `cars-bot start` process's own CPU by thread name (threads alive at the end), largest first. */
    byThread: Record<string, number>;
    emulators: number;
    measured: boolean;
  };
  /** Peak memory (PSS) of the stack's processes in MB, in all and by part. */
  peakMemoryMb: { total: number; byPart: Record<string, number> };
  /** Per post, from the workflows' histories. */
  temporal: {
    eventsPerPost: number;
    workflowTasksPerPost: number;
    activitiesPerPost: number;
    localActivitiesPerPost: number;
    childWorkflowsPerPost: number;
    activitiesByType: Record<string, number>;
    /** In the whole run, not per post: activity attempts beyond the first (by type), why those before them failed, and workflow tasks timed out or failed. */
    retriedAttempts: Record<string, number>;
    retryReasons: Record<string, number>;
    workflowTaskTimeouts: number;
    workflowTaskFailures: number;
  };
  openai: {
    calls: number;
    callsPerPost: number;
    tokensPerPost: number;
    promptTokens: number;
    completionTokens: number;
    /** AI calls each post that went through the pipeline cost (from the posts' rows): [min, max]. */
    callsPerCarAd: [number, number];
    /** AI calls each duplicate cost: [min, max] ([0, 0] without duplicates). */
    callsPerDuplicate: [number, number];
  };
  /** The machine's load average (1 min) when the posts were submitted and when the last was done: other work skews the figures. */
  loadAverage: [number, number];
  /** Posts whose workflow did not end as expected, with the reason. */
  problems: string[];
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Waits for `pattern` on the child's output, or fails with what it printed when it exits first. */
function waitForOutput(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error(`${what} not ready within ${timeoutMs / 1000} s; its output ends with:\n${text.slice(-3000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) finish(undefined, m);
    };
    const onExit = (code: number | null) => finish(new Error(`${what} exited (${code}) before it was ready; its output ends with:\n${text.slice(-3000)}`));
    const finish = (err?: Error, m?: RegExpMatchArray) => {
      clearTimeout(timer);
      child[stream]?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    };
    child[stream]?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Stops a child (SIGINT, then SIGKILL to its group after `graceMs`) and waits for it. */
async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** The PostgreSQL server's main process, when it runs on this machine (the parent of our backend). */
async function postmasterPid(database: Database): Promise<number | undefined> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
  const backend = rows[0]?.pid;
  if (!backend || !fs.existsSync(`/proc/${backend}/stat`)) return undefined;
  const parent = treeOf(1).find((p) => p.pid === backend)?.ppid;
  return parent && parent > 1 ? parent : undefined;
}

/** Per thread name, the CPU spent between two readings; the largest first, tiny ones left out. */
function threadDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, s]) => [name, round(s - (before[name] ?? 0), 2)] as const)
      .filter(([, s]) => s >= 0.05)
      .sort((a, b) => b[1] - a[1]),
  );
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const tag = randomBytes(4).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-bench-'));
  const cleanups: (() => Promise<void>)[] = [];
  const problems: string[] = [];
  try {
    // The vendors' stand-ins, in a process of their own.
    const emulators = spawn(process.execPath, [CLI, 'emulators', '--openai-port', '0', '--telegram-port', '0', '--sheets-port', '0'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => stopChild(emulators, 5_000));
    const urls = JSON.parse((await waitForOutput(emulators, 'stdout', /^\{.*\}$/m, 60_000, 'the emulators'))[0]) as { openai: string; telegram: string };
    const openaiControl = new OpenAiControlClient(urls.openai);
    // OpenAI's latency; Telegram's flood limits off (the publishing limit is off for the bench).
    await openaiControl.setFaults({ latencyMs: options.latencyMs });
    await new TelegramControlClient(urls.telegram).setLimits({ privateChatPerSecond: 0, groupPerMinute: 0, globalPerSecond: 0 });

    let database: Database | undefined;
    let databaseUrl: string | undefined;
    let pgPid: number | undefined;
    const schema = `bench_${tag}`;
    if (options.db === 'postgres') {
      if (!options.databaseUrl) throw new Error('--db postgres needs DATABASE_URL (bash scripts/ci-postgres.sh starts a local server and prints it)');
      database = await openDatabase({ databaseUrl: options.databaseUrl, schema, poolSize: 1 });
      const db = database;
      cleanups.push(async () => {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.db);
        await db.close();
      });
      pgPid = await postmasterPid(database);
      const url = new URL(options.databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      databaseUrl = url.toString();
    }

    const codecKey = randomBytes(32);
    const codecKeys = formatCodecKeys([{ id: `bench-${tag}`, key: codecKey }]);
    const namespace = options.temporalNamespace ?? 'default';
    const [devPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const cliPath = process.env.TEMPORAL_CLI_PATH ?? findBinary('cli');
    const settings: Record<string, string> = { PUBLISH_RATE_PER_MINUTE: '1000000', ...options.env };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_UI_PORT: String(uiPort),
      TEMPORAL_NAMESPACE: namespace,
      API_PORT: String(apiPort),
      EMULATORS: 'off',
      OPENAI_API_KEY: 'bench',
      OPENAI_BASE_URL: urls.openai,
      TELEGRAM_BOT_TOKEN: '123456789:bench-token-for-the-emulator-only',
      TELEGRAM_API_ROOT: urls.telegram,
      CODEC_KEYS: codecKeys,
      LOG_LEVEL: 'info',
      ...settings,
    };
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'GOOGLE_SERVICE_ACCOUNT_FILE', 'GOOGLE_SERVICE_ACCOUNT_JSON', 'GOOGLE_SHEETS_SPREADSHEET_ID', 'METRICS_PORT', 'TELEGRAM_WEBHOOK_URL']) delete env[name];
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    if (options.temporalAddress) env.TEMPORAL_ADDRESS = options.temporalAddress;
    if (cliPath) env.TEMPORAL_CLI_PATH = cliPath;

    log(`starting the stack (${options.db}${options.temporalAddress ? `, Temporal at ${options.temporalAddress}` : ', Temporal dev server'})…`);
    const stack = spawn(process.execPath, [CLI, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stackErr = '';
    stack.stderr.on('data', (d: Buffer) => (stackErr = (stackErr + d.toString()).slice(-20_000)));
    stack.stdout.resume();
    cleanups.push(() => stopChild(stack, 60_000));
    const ready = await waitForOutput(stack, 'stderr', /Cars Bot is ready \(started in ([\d.]+) s\)/, 180_000, '`cars-bot start`');
    const startupSeconds = Number(ready[1]);
    const address = options.temporalAddress ?? `127.0.0.1:${devPort}`;
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    // Posts start as every intake of ours starts them: with the stack's quiet hours in their input.
    const quietHours = postQuietHours(settings.PUBLISH_QUIET_HOURS ? parseQuietHours(settings.PUBLISH_QUIET_HOURS) : undefined, settings.SCHEDULE_TIMEZONE ?? 'UTC');
    const client = new Client({
      connection,
      namespace,
      dataConverter: createDataConverter([{ id: `bench-${tag}`, key: codecKey }]),
      interceptors: { workflow: [postSettingsInterceptor(quietHours)] },
    });

    // The schedules' jobs are not what is measured.
    for await (const s of client.schedule.list()) await client.schedule.getHandle(s.scheduleId).pause('paused by the bench');

    const { posts } = benchPosts(options.posts, options.duplicates, tag);
    const measured = procAvailable() && !stack.killed;
    // The service's own process; the Temporal dev server it started (its child); the PostgreSQL server.
    const roots: Record<string, MeasuredPart> = {
      'cars-bot': { pid: stack.pid!, scope: 'self' },
      ...(options.temporalAddress ? {} : { 'temporal server': { pid: stack.pid!, scope: 'descendants' as const } }),
      ...(pgPid ? { postgres: { pid: pgPid, scope: 'tree' as const } } : {}),
    };
    const cpu = () => Object.fromEntries(Object.entries(roots).map(([k, part]) => [k, measured ? partCpuSeconds(part) : 0]));
    const emulatorCpu = () => (measured ? treeCpuSeconds(emulators.pid!) : 0);
    const cpuBefore = cpu();
    const threadsBefore = measured ? threadCpuSeconds(stack.pid!) : {};
    const emulatorsBefore = emulatorCpu();
    const memory = measured ? new PeakMemorySampler(roots) : undefined;
    await openaiControl.clearRequests();

    log(`submitting ${posts.length} posts (OpenAI latency ${options.latencyMs} ms)…`);
    const loadBefore = os.loadavg()[0];
    const started = Date.now();
    const timings: { submit: number; done: number }[] = [];
    const results: (ProcessPostResult | undefined)[] = [];
    const workflowIds: string[] = [];
    let doneCount = 0;
    const progress = setInterval(() => log(`  ${doneCount}/${posts.length} done after ${((Date.now() - started) / 1000).toFixed(0)} s`), 10_000);
    progress.unref();
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    const waits: Promise<void>[] = [];
    let next = 0;
    // Submitted as fast as 32 concurrent starts go, like a producer filling a queue.
    await Promise.all(
      Array.from({ length: Math.min(32, posts.length) }, async () => {
        for (let i = next++; i < posts.length; i = next++) {
          const submit = Date.now();
          const { workflowId, started: isNew } = await startPostWorkflow(client, posts[i]);
          if (!isNew) throw new Error(`post ${workflowId} already existed: the bench's posts must be new`);
          workflowIds[i] = workflowId;
          waits.push(
            (async () => {
              try {
                results[i] = await workflowHandle(client, WORKFLOW_TYPES.processPost, workflowId).result();
              } catch (err) {
                problems.push(`${workflowId}: ${err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : (err as Error).message}`);
              }
              timings[i] = { submit, done: Date.now() };
              doneCount += 1;
            })(),
          );
        }
      }),
    );
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(waits),
      new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error(`${doneCount}/${posts.length} posts done when the bench's time ran out`)), deadline - Date.now()))),
    ]);
    clearTimeout(timeout);
    clearInterval(progress);
    const finished = Math.max(...timings.map((t) => t.done));
    const cpuAfter = cpu();
    const threadsAfter = measured ? threadCpuSeconds(stack.pid!) : {};
    const loadAfter = os.loadavg()[0];
    const emulatorsAfter = emulatorCpu();
    const peak = memory?.stop() ?? { total: 0, byPart: {} };
    const wallSeconds = (finished - started) / 1000;
    log(`${posts.length} posts done in ${wallSeconds.toFixed(1)} s; reading histories…`);

    const figures: HistoryFigures = await historyFigures(client, workflowIds);
    const requests = (await openaiControl.requests()).filter((r) => r.path === '/v1/chat/completions' && r.status === 200);

    // The posts' rows, for what each cost in AI calls: read after the stack stopped (PGlite is one process's).
    await stopChild(stack, 60_000);
    const byPart = Object.fromEntries(Object.keys(roots).map((k) => [k, round(cpuAfter[k] - cpuBefore[k], 2)]));
    const totalCpu = Object.values(byPart).reduce((a, b) => a + b, 0);
    const rowsDb = database ?? (await openDatabase({ dataDir: path.join(dataDir, 'pglite') }));
    if (!database) cleanups.push(() => rowsDb.close());
    const store = createStore(rowsDb.db);
    const carAdCalls: number[] = [];
    const duplicateCalls: number[] = [];
    for (let i = 0; i < posts.length; i++) {
      const postId = results[i]?.postId;
      const row = postId ? await store.getPost(postId) : undefined;
      if (!row) continue;
      // Which copy of a reposted ad wins its claim is a race: the post's outcome says which one it was.
      (results[i]?.status === 'duplicate' ? duplicateCalls : carAdCalls).push(row.aiUsage.calls);
    }
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r?.status ?? 'failed'] = (statuses[r?.status ?? 'failed'] ?? 0) + 1;
    // Errors and warnings the stack logged while it ran are worth seeing next to the figures.
    for (const line of stackErr.split('\n').filter((l) => / (ERROR|WARN) /.test(l)).slice(0, 10)) problems.push(`stack: ${line.slice(0, 300)}`);

    const latencies = timings.map((t) => (t.done - t.submit) / 1000).sort((a, b) => a - b);
    const n = posts.length;
    const per = (x: number) => round(x / n, 2);
    const promptTokens = requests.reduce((s, r) => s + r.promptTokens, 0);
    const completionTokens = requests.reduce((s, r) => s + r.completionTokens, 0);
    const range = (xs: number[]): [number, number] => (xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 0]);
    return {
      posts: options.posts,
      duplicates: options.duplicates,
      latencyMs: options.latencyMs,
      db: options.db,
      settings,
      startupSeconds,
      wallSeconds: round(wallSeconds, 2),
      postsPerSecond: round(n / wallSeconds, 2),
      submitToDone: { p50: round(quantile(latencies, 0.5), 2), p99: round(quantile(latencies, 0.99), 2), max: round(latencies[latencies.length - 1] ?? 0, 2) },
      statuses,
      cpuSeconds: { total: round(totalCpu, 2), perPost: round(totalCpu / n, 3), byPart, byThread: threadDelta(threadsBefore, threadsAfter), emulators: round(emulatorsAfter - emulatorsBefore, 2), measured },
      peakMemoryMb: { total: Math.round(peak.total / 2 ** 20), byPart: Object.fromEntries(Object.entries(peak.byPart).map(([k, v]) => [k, Math.round(v / 2 ** 20)])) },
      temporal: {
        eventsPerPost: per(figures.events),
        workflowTasksPerPost: per(figures.workflowTasks),
        activitiesPerPost: per(figures.activities),
        localActivitiesPerPost: per(figures.localActivities),
        childWorkflowsPerPost: per(figures.childWorkflows),
        activitiesByType: Object.fromEntries(Object.entries(figures.activitiesByType).map(([k, v]) => [k, per(v)])),
        retriedAttempts: figures.retriesByType,
        retryReasons: figures.retryReasons,
        workflowTaskTimeouts: figures.workflowTaskTimeouts,
        workflowTaskFailures: figures.workflowTaskFailures,
      },
      openai: {
        calls: requests.length,
        callsPerPost: per(requests.length),
        tokensPerPost: per(promptTokens + completionTokens),
        promptTokens,
        completionTokens,
        callsPerCarAd: range(carAdCalls),
        callsPerDuplicate: range(duplicateCalls),
      },
      loadAverage: [round(loadBefore, 1), round(loadAfter, 1)],
      problems,
    };
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => log(`while stopping: ${(err as Error).message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
