/**
 * Workers spread over hosts, as separate processes: two workflow-worker processes
 * (`cars-bot worker --queues cars-bot`), two AI-worker processes (`--queues ai`) and a publishing
 * one share 100 posts — 80 ads and 20 reposts of them in other channels, submitted at once — on a
 * shared PostgreSQL and the run's Temporal server. Each post is processed exactly once: one
 * listing per ad, the reposts end duplicate with no AI call, three AI calls per ad, and both
 * processes of each kind take part. Prints posts/s (a figure, not an assertion; the bench in the
 * README compares 1 and 2 workflow-worker processes with WORKFLOW_WORKER_PROCESSES=1).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { temporal } from '@temporalio/proto';
import type { PostInput, ProcessPostResult } from '../../src/common/posts';
import { TASK_QUEUES, type TaskQueueName } from '../../src/common/task-queues';
import { migrateToLatest, openDatabase, type Database } from '../../src/db';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../emulators/openai';
import { startTelegramEmulator, type TelegramEmulator } from '../../emulators/telegram';
import { startPostWorkflow } from '../../src/client/start-post';
import { uniqueSchema } from '../storage/backends';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';
import { workerProcessEnv } from '../harness/worker-env';

const ROOT = path.resolve(__dirname, '../..');
const CHANNEL = '@cars_fleet_listings';
const TOKEN = '123456789:fleet-test-token-for-the-emulator';
const ADMIN = 777_077;
const WORKFLOW_PROCESSES = Number(process.env.WORKFLOW_WORKER_PROCESSES ?? 2);
const AI_PROCESSES = 2;
const ADS = 80;
const REPOSTS = 20;
const EventType = temporal.api.enums.v1.EventType;

/** The run's PostgreSQL: DATABASE_URL, else the one scripts/ci-postgres.sh starts or finds. */
function postgresUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/ci-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.trim().split('\n').pop() ?? '';
  if (!line.startsWith('DATABASE_URL=')) throw new Error(`scripts/ci-postgres.sh printed no DATABASE_URL: ${out}`);
  return line.slice('DATABASE_URL='.length);
}

/** One `cars-bot worker --queues <queue>` process. */
class WorkerProcess {
  readonly child: ChildProcess;
  output = '';
  constructor(
    readonly queue: TaskQueueName,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [path.join(ROOT, 'bin/cars-bot.js'), 'worker', '--queues', queue], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-100_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }
  /** The identity its workers report: the SDK's default `<pid>@<host>`. */
  get identity(): string {
    return `${this.child.pid}@${os.hostname()}`;
  }
  async whenPolling(): Promise<void> {
    await waitFor(
      () => {
        if (this.child.exitCode !== null) throw new Error(`worker for ${this.queue} exited (${this.child.exitCode}):\n${this.output.slice(-3000)}`);
        return new RegExp(`polling: ${this.queue}`).test(this.output);
      },
      { timeoutMs: 90_000, intervalMs: 100, what: `the ${this.queue} worker ${this.child.pid} to poll` },
    );
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

const MAKES = ['Toyota Camry', 'Hyundai Tucson', 'Kia Rio', 'Lexus RX', 'Nissan X-Trail', 'Volkswagen Polo', 'Mazda CX-5', 'Honda Accord'];
/** Ad number i: a car sale the rules engine reads, unlike every other ad (make, year, mileage, price, phone). */
function ad(i: number): string {
  const make = MAKES[i % MAKES.length];
  return `Продаю ${make} ${2005 + (i % 18)}, ${40_000 + i * 1_117} км, автомат. ${(3_000_000 + i * 97_000).toLocaleString('ru-RU').replace(/\s/g, ' ')} тг, Алматы, +7 701 ${String(1_000_000 + i * 7_919).slice(0, 3)} ${String(10 + (i % 90))} ${String(10 + ((i * 7) % 90))}`;
}

describe('workers in separate processes share the load', () => {
  let t: TestTemporal;
  let database: Database;
  let schema: string;
  let openai: OpenAiEmulator;
  let telegram: TelegramEmulator;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const databaseUrl = postgresUrl();
    schema = uniqueSchema();
    database = await openDatabase({ databaseUrl, schema });
    await migrateToLatest(database.db);
    // A little latency on every OpenAI answer, as the real API has (more, and the AI workers are the bottleneck).
    openai = await startOpenAiEmulator({ faults: { latencyMs: [20, 60] } });
    telegram = await startTelegramEmulator({
      chats: [{ type: 'channel', username: CHANNEL, title: 'Fleet listings' }],
      users: [{ id: ADMIN, first_name: 'Admin' }],
      bot: { username: 'cars_fleet_bot' },
      limits: { groupPerMinute: 0 },
    });
    t = await openTestTemporal();
    const env: NodeJS.ProcessEnv = {
      ...workerProcessEnv({ t, databaseUrl, schema, dataDirPrefix: 'cars-bot-fleet-' }),
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: openai.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_CHANNEL_ID: CHANNEL,
      TELEGRAM_ADMIN_IDS: String(ADMIN),
      // The channel's limit is Telegram's business, tested elsewhere; here it would only pace the run.
      PUBLISH_RATE_PER_MINUTE: '60000',
    };
    for (let i = 0; i < WORKFLOW_PROCESSES; i++) workers.push(new WorkerProcess(TASK_QUEUES.workflows, env));
    for (let i = 0; i < AI_PROCESSES; i++) workers.push(new WorkerProcess(TASK_QUEUES.ai, env));
    workers.push(new WorkerProcess(TASK_QUEUES.publishing, env));
    await Promise.all(workers.map((w) => w.whenPolling()));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
    if (database) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    }
    await openai?.close();
    await telegram?.close();
  });

  test(`${ADS} ads and ${REPOSTS} reposts: each processed exactly once, the work spread over every process`, async () => {
    let messageId = 0;
    const ads: PostInput[] = Array.from({ length: ADS }, (_, i) => ({ source: `@cars_source_${i % 5}`, messageId: ++messageId, date: '2026-11-20T09:12:00Z', text: ad(i) }));
    // Reposts: the same ad in another channel, shouted and with a link, arriving with the rest.
    const reposts: PostInput[] = ads.slice(0, REPOSTS).map((a, i) => ({ source: '@cars_reposts', messageId: 10_000 + i, date: a.date, text: `🔥🔥 ${a.text.toUpperCase()}!!! https://t.me/cars_reposts` }));
    const posts = [...ads, ...reposts];

    const started = Date.now();
    const handles = await Promise.all(posts.map((p) => startPostWorkflow(t.client, p)));
    const results = (await Promise.all(handles.map((h) => t.client.workflow.getHandle(h.workflowId).result()))) as ProcessPostResult[];
    const seconds = (Date.now() - started) / 1000;
    console.log(`${posts.length} posts in ${seconds.toFixed(1)} s: ${(posts.length / seconds).toFixed(1)} posts/s with ${WORKFLOW_PROCESSES} workflow-worker and ${AI_PROCESSES} AI-worker processes`);

    // Each ad published once; of an ad and its repost, exactly one is published and the other a duplicate of it.
    const byStatus = (status: string) => results.filter((r) => r.status === status).length;
    expect({ published: byStatus('published'), duplicate: byStatus('duplicate') }).toEqual({ published: ADS, duplicate: REPOSTS });
    for (let i = 0; i < REPOSTS; i++) {
      expect([results[i].status, results[ADS + i].status].sort()).toEqual(['duplicate', 'published']);
    }
    const sent = telegram.sentMessages(CHANNEL);
    expect(sent).toHaveLength(ADS);
    const published = results.filter((r) => r.status === 'published');
    expect(new Set(published.flatMap((r) => r.publishedMessageIds ?? [])).size).toBe(ADS);
    expect(new Set(sent.map((m) => m.messageId))).toEqual(new Set(published.flatMap((r) => r.publishedMessageIds ?? [])));
    // Three AI calls per ad, none for a duplicate, none twice.
    expect(openai.requests().filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3 * ADS);
    const rows = await sql<{ n: string }>`select count(*) as n from posts`.execute(database.db);
    expect(Number(rows.rows[0].n)).toBe(ADS + REPOSTS);

    // The load was shared: every process completed workflow tasks or ran activities of its queue.
    const workflowTaskIdentities = new Set<string>();
    const aiIdentities = new Set<string>();
    for (const h of handles) {
      const history = await t.client.workflow.getHandle(h.workflowId).fetchHistory();
      const scheduled = new Map<string, string>();
      for (const e of history.events ?? []) {
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) workflowTaskIdentities.add(e.workflowTaskCompletedEventAttributes?.identity ?? '');
        if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled.set(String(e.eventId), e.activityTaskScheduledEventAttributes?.taskQueue?.name ?? '');
        if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED && scheduled.get(String(e.activityTaskStartedEventAttributes?.scheduledEventId)) === TASK_QUEUES.ai) {
          aiIdentities.add(e.activityTaskStartedEventAttributes?.identity ?? '');
        }
      }
    }
    const of = (queue: TaskQueueName) => workers.filter((w) => w.queue === queue).map((w) => w.identity);
    expect([...workflowTaskIdentities].sort()).toEqual(of(TASK_QUEUES.workflows).sort());
    expect([...aiIdentities].sort()).toEqual(of(TASK_QUEUES.ai).sort());
  }, 300_000);
});
