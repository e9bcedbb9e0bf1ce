/**
 * Publishing as a deployment runs it, for the tests that kill workers: publishing workers are
 * separate processes running the product's own command (`cars-bot worker --queues publishing`)
 * with the environment a deployment gives them, on the real PostgreSQL (a schema of the test's
 * own, passed in DATABASE_URL's search_path) and the run's Temporal server; the Telegram
 * emulator and the workflow worker run in the test process. Needs DATABASE_URL: PGlite is one
 * process's database, so these tests are skipped without it (CI sets it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { Api } from 'grammy';
import { createActivitiesByQueue } from '../../src/activities';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { publishWorkflowId, type PublishPostResult } from '../../src/common/posts';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../../src/db';
import { startTelegramEmulator, type TelegramEmulator, type TelegramLimits } from '../../emulators/telegram';
import { uniqueSchema } from '../storage/backends';
import { channelFigures, type ChannelFigures } from './channel-figures';
import { openTestTemporal, type TestTemporal } from './temporal';
import { waitFor } from './wait-for';
import { workerProcessEnv } from './worker-env';

const root = path.resolve(__dirname, '../..');
export const CLUSTER_CHANNEL = '@cars_cluster_listings';
export const CLUSTER_CHANNEL_ID = -1004200000001;
export const CLUSTER_ADMIN_ID = 777_042;
const TOKEN = '123456789:cluster-test-token-for-the-emulator';

/** `describe` when DATABASE_URL is set, else a skip that says why. */
export function describeOnPostgres(name: string, fn: () => void): void {
  if (process.env.DATABASE_URL) {
    describe(name, fn);
    return;
  }
  // The long run exists to be run: without a database it would pass having done nothing.
  if (process.env.PUBLISH_CHAOS === 'full') throw new Error('npm run chaos:publish needs DATABASE_URL (a PostgreSQL server the worker processes share; scripts/ci-postgres.sh starts one)');
  describe.skip(`${name} (skipped: worker processes share a database only on PostgreSQL; set DATABASE_URL, e.g. the one scripts/ci-postgres.sh prints)`, fn);
}

/** One `cars-bot worker --queues publishing` process. */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;
  constructor(env: NodeJS.ProcessEnv) {
    // `node --import tsx`, not the tsx launcher: the launcher runs the program in a child process
    // of its own, so a kill -9 of the launcher would leave the worker running.
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queues', TASK_QUEUES.publishing], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-200_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }
  get pid(): number {
    return this.child.pid ?? -1;
  }
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  /** Alive and polling. */
  get ready(): boolean {
    return this.alive && /polling: publishing/.test(this.output);
  }
  async whenReady(): Promise<void> {
    await waitFor(() => {
      if (!this.alive) throw new Error(`worker exited early (${this.child.signalCode ?? this.child.exitCode}):\n${this.output.slice(-3000)}`);
      return this.ready;
    }, { timeoutMs: 90_000, intervalMs: 100, what: `publishing worker ${this.pid} to poll` });
  }
}

export interface ClusterOptions {
  /** Publishing worker processes. */
  workers: number;
  /** PUBLISH_RATE_PER_MINUTE, PUBLISH_WINDOW, PUBLISH_LEASE ... for the worker processes. */
  env: Record<string, string>;
  /** The emulator's flood limits (default: Telegram's, with the channel's limit off). */
  limits?: Partial<TelegramLimits>;
}

export interface PublishingCluster {
  t: TestTemporal;
  store: Store;
  database: Database;
  emulator: TelegramEmulator;
  workers: WorkerProcess[];
  /** Starts one more publishing worker process and waits until it polls. */
  spawnWorker(): Promise<WorkerProcess>;
  /** The worker process whose attempt holds the channel's lease now, if any. */
  leaseHolder(): Promise<WorkerProcess | undefined>;
  /** Starts publishPost for each post; resolves with their results. */
  publishAll(postIds: number[]): Promise<PublishPostResult[]>;
  /** How many sendListing attempts each post's publishPost took (from its history). */
  sendAttempts(postIds: number[]): Promise<number[]>;
  /** The channel's figures for `postIds`' listings, from the requests logged after `fromSeq`. */
  figures(postIds: number[], fromSeq: number, windowMs: number): ChannelFigures;
  close(): Promise<void>;
}

export async function startPublishingCluster(options: ClusterOptions): Promise<PublishingCluster> {
  const databaseUrl = process.env.DATABASE_URL!;
  const schema = uniqueSchema();
  const database = await openDatabase({ databaseUrl, schema });
  await migrateToLatest(database.db);
  const store = createStore(database.db);
  const emulator = await startTelegramEmulator({
    chats: [{ type: 'channel', id: CLUSTER_CHANNEL_ID, username: CLUSTER_CHANNEL, title: 'Cluster listings' }],
    users: [{ id: CLUSTER_ADMIN_ID, first_name: 'Admin' }],
    bot: { username: 'cars_cluster_bot' },
    acceptUnknownFileIds: true,
    limits: { groupPerMinute: 0, ...options.limits },
  });
  const t = await openTestTemporal();
  const telegram = new Api(TOKEN, { apiRoot: emulator.url, timeoutSeconds: 10 });
  // The workflows, their database steps and the admins' alerts run here; publishing runs in the processes.
  await t.startWorkers(
    createActivitiesByQueue({ health: { probes: {} }, posts: { store, dedupeWindowDays: 7 }, notifications: { api: telegram, store, adminIds: [CLUSTER_ADMIN_ID] } }),
    { queues: [TASK_QUEUES.workflows, TASK_QUEUES.notifications] },
  );
  const env: NodeJS.ProcessEnv = {
    ...workerProcessEnv({ t, databaseUrl, schema, dataDirPrefix: 'cars-bot-cluster-' }),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.url,
    TELEGRAM_CHANNEL_ID: CLUSTER_CHANNEL,
    TELEGRAM_ADMIN_IDS: String(CLUSTER_ADMIN_ID),
    ...options.env,
  };
  delete env.OPENAI_API_KEY;
  const workers: WorkerProcess[] = [];
  const spawnWorker = async () => {
    const worker = new WorkerProcess(env);
    workers.push(worker);
    await worker.whenReady();
    return worker;
  };
  await Promise.all(Array.from({ length: options.workers }, () => spawnWorker()));

  return {
    t,
    store,
    database,
    emulator,
    workers,
    spawnWorker,
    async leaseHolder() {
      const lease = await store.sendLease(CLUSTER_CHANNEL);
      const pid = lease && /:(\d+)\/[0-9a-f]{8}$/.exec(lease.owner)?.[1];
      return pid ? workers.find((w) => w.pid === Number(pid) && w.alive) : undefined;
    },
    async publishAll(postIds) {
      const handles = await Promise.all(
        postIds.map((postId) => t.client.workflow.start('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: publishWorkflowId(postId), args: [{ postId }] })),
      );
      return (await Promise.all(handles.map((h) => h.result()))) as PublishPostResult[];
    },
    async sendAttempts(postIds) {
      return Promise.all(
        postIds.map(async (postId) => {
          const history = await t.client.workflow.getHandle(publishWorkflowId(postId)).fetchHistory();
          return Math.max(0, ...(history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
        }),
      );
    },
    figures(postIds, fromSeq, windowMs) {
      return channelFigures({
        chatId: CLUSTER_CHANNEL_ID,
        messages: emulator.sentMessages(CLUSTER_CHANNEL).filter((m) => postIds.some((id) => JSON.stringify(m.replyMarkup ?? m.caption ?? '').includes(`contact_${id}`))),
        requests: emulator.requestLog(CLUSTER_CHANNEL).filter((r) => r.seq > fromSeq),
        expected: postIds,
        windowMs,
      });
    },
    async close() {
      for (const w of workers) {
        if (!w.alive) continue;
        if (w.child.signalCode === null) w.child.kill('SIGCONT');
        w.child.kill('SIGTERM');
      }
      await Promise.all(workers.map((w) => Promise.race([w.exited, new Promise((r) => setTimeout(r, 20_000))])));
      for (const w of workers) if (w.alive) w.child.kill('SIGKILL');
      await t.close();
      await emulator.close();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    },
  };
}
