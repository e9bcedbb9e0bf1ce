/**
 * `npm run bench -- --posts 200 --latency 800 [--db pglite|postgres]`: the pipeline's
 * throughput and cost on this machine, against the project's emulators, with the publishing
 * limit off. Prints posts/s, submit→done p50/p99, CPU and peak memory of the stack's processes,
 * Temporal events and activities per post, OpenAI calls and tokens per post (`--json`: the
 * report as JSON on stdout). See README, "Performance".
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatBenchReport } from './bench/report';
import { runBench, type BenchDatabase } from './bench/run-bench';

function whole(name: string, min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name}: expected a whole number of at least ${min}`);
    return n;
  };
}

function setting(value: string, previous: Record<string, string>) {
  const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected NAME=value, e.g. AI_CONCURRENCY=50`);
  return { ...previous, [m[1]]: m[2] };
}

const program = new Command('npm run bench --')
  .description('Run the post pipeline on a fresh embedded stack (cars-bot start) against the emulators and print its throughput and cost.')
  .option('--posts <n>', 'distinct car ads to process', whole('--posts', 1), 200)
  .option('--duplicates <n>', 'reposts of the first ads in another channel (must cost no AI call)', whole('--duplicates', 0), 0)
  .option('--latency <ms>', 'latency of every OpenAI call, set on the emulator', whole('--latency', 0), 800)
  .option('--db <kind>', 'pglite (the embedded default) or postgres (DATABASE_URL; a schema of its own, dropped after)', 'pglite')
  .option('--set <NAME=value>', 'a setting for the service, repeatable (e.g. --set AI_CONCURRENCY=50)', setting, {})
  .option('--temporal-address <host:port>', 'use this Temporal server instead of a dev server of the stack (its CPU is then not counted)')
  .option('--namespace <name>', 'Temporal namespace (with --temporal-address)')
  .option('--timeout <s>', 'give up after this many seconds', whole('--timeout', 1), 1800)
  .option('--json', 'print the report as JSON on stdout')
  .addHelpText(
    'after',
    `
Examples:
  npm run bench -- --posts 200 --latency 800
  npm run bench -- --posts 200 --latency 0 --db postgres     (export "$(bash scripts/ci-postgres.sh | tail -n 1)" first)
  npm run bench -- --posts 50 --duplicates 10 --set AI_CONCURRENCY=50 --json`,
  )
  .action(async (opts: { posts: number; duplicates: number; latency: number; db: string; set: Record<string, string>; temporalAddress?: string; namespace?: string; timeout: number; json?: boolean }) => {
    if (opts.db !== 'pglite' && opts.db !== 'postgres') throw new InvalidArgumentError(`--db: expected pglite or postgres, got "${opts.db}"`);
    const report = await runBench({
      posts: opts.posts,
      duplicates: opts.duplicates,
      latencyMs: opts.latency,
      db: opts.db as BenchDatabase,
      databaseUrl: process.env.DATABASE_URL,
      temporalAddress: opts.temporalAddress,
      temporalNamespace: opts.namespace,
      env: opts.set,
      timeoutMs: opts.timeout * 1000,
      log: (line) => process.stderr.write(`bench: ${line}\n`),
    });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBenchReport(report)}\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
