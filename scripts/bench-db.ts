/**
 * The database on its own, under the pipeline's kind of load: many activities at once each
 * writing one row through the Store (a new post, a post's AI spend, an event, a step's result
 * in a transaction). Prints ops/s and latency per engine, and how long the process's event loop
 * was held up meanwhile, so the embedded database and PostgreSQL compare within one run.
 *
 *   npx tsx scripts/bench-db.ts [--db pglite|postgres|both] [--concurrency 50] [--ops 3000]
 *
 * PostgreSQL comes from DATABASE_URL (`bash scripts/ci-postgres.sh` prints one) and works in a
 * schema of its own, dropped at the end; PGlite works in a temporary data directory on disk,
 * as `npm start` has it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../src/db';

type Engine = 'pglite' | 'postgres';

interface Figures {
  engine: Engine;
  ops: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  loopDelayP99: number;
}

const KINDS = ['insert post', 'add AI usage', 'record event', 'advance post'] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function open(engine: Engine, schema: string, dataDir: string): Promise<Database> {
  if (engine === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('--db postgres needs DATABASE_URL (bash scripts/ci-postgres.sh prints one)');
    return openDatabase({ databaseUrl: url, schema });
  }
  return openDatabase({ dataDir });
}

/** One operation of the mix, on post `postId` (created beforehand for this worker). */
async function operate(store: Store, kind: (typeof KINDS)[number], worker: number, postId: number, i: number): Promise<void> {
  switch (kind) {
    case 'insert post':
      await store.upsertPost({ source: '@bench', messageId: 1_000_000 + worker * 100_000 + i, text: `ad ${worker}/${i}` });
      return;
    case 'add AI usage':
      await store.addAiUsage(postId, { calls: 1, promptTokens: 100, completionTokens: 20 });
      return;
    case 'record event':
      await store.recordEvent({ type: 'bench', postId, payload: { i } });
      return;
    case 'advance post':
      // A step's result, saved in a transaction with its event (the post stays where it is).
      await store.advancePost(postId, 'received', { error: null }, { type: 'bench_step', payload: { i } });
      return;
  }
}

async function run(engine: Engine, concurrency: number, total: number): Promise<Figures> {
  const schema = `bench_${Date.now().toString(36)}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-bench-db-'));
  const database = await open(engine, schema, dataDir);
  try {
    await migrateToLatest(database.db);
    const store = createStore(database.db);
    const posts = await Promise.all(
      Array.from({ length: concurrency }, (_, w) => store.upsertPost({ source: '@bench', messageId: w + 1, text: `seed ${w}` })),
    );

    const latencies: number[] = [];
    let next = 0;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    await Promise.all(
      posts.map(async ({ post }, worker) => {
        for (let i = next++; i < total; i = next++) {
          const t0 = performance.now();
          await operate(store, KINDS[i % KINDS.length], worker, post.id, i);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    latencies.sort((a, b) => a - b);
    return {
      engine,
      ops: latencies.length,
      seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1],
      loopDelayP99: loop.percentile(99) / 1e6,
    };
  } finally {
    if (engine === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: process.env.DATABASE_URL ? 'both' : 'pglite' },
      concurrency: { type: 'string', default: '50' },
      ops: { type: 'string', default: '3000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npx tsx scripts/bench-db.ts [--db pglite|postgres|both] [--concurrency 50] [--ops 3000]\n');
    return;
  }
  const engines: Engine[] = values.db === 'both' ? ['pglite', 'postgres'] : [values.db as Engine];
  if (!engines.every((e) => e === 'pglite' || e === 'postgres')) throw new Error(`--db: expected pglite, postgres or both, got ${values.db}`);
  const concurrency = Number(values.concurrency);
  const ops = Number(values.ops);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency: expected a positive whole number, got ${values.concurrency}`);
  if (!Number.isInteger(ops) || ops < concurrency) throw new Error(`--ops: expected a whole number ≥ --concurrency, got ${values.ops}`);

  process.stdout.write(`${ops} one-row writes (${KINDS.join(', ')}), ${concurrency} at a time\n`);
  const results: Figures[] = [];
  for (const engine of engines) {
    const f = await run(engine, concurrency, ops);
    results.push(f);
    process.stdout.write(
      `${engine.padEnd(8)}  ${(f.ops / f.seconds).toFixed(0).padStart(6)} ops/s  p50 ${f.p50.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  max ${f.max.toFixed(0).padStart(6)} ms  event-loop delay p99 ${f.loopDelayP99.toFixed(1)} ms\n`,
    );
  }
  const [pglite, postgres] = [results.find((r) => r.engine === 'pglite'), results.find((r) => r.engine === 'postgres')];
  if (pglite && postgres) {
    process.stdout.write(`PostgreSQL/PGlite ops/s: ${(postgres.ops / postgres.seconds / (pglite.ops / pglite.seconds)).toFixed(2)}×\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
