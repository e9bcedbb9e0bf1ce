/**
 * How long `npm start` takes to be ready: runs `cars-bot start` (what `npm start` runs) in a
 * fresh data directory (cold: no database yet), stops it, and starts it again on the same
 * directory (warm), each time timing the interval from spawn to the ready block. The start-up
 * steps' own timings (logged at debug) are printed beside the total.
 *
 *   npx tsx scripts/measure-start.ts [--runs 1] [--keep] [--verbose]
 *
 * The Temporal CLI is found (or installed once) beforehand and passed in TEMPORAL_CLI_PATH, so
 * the one-time download a first `npm start` makes is not part of the figure.
 *
 * --verbose prints the stack's log as it comes, each line with the seconds since spawn.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/stack/ports';
import { ensureTemporalBinaries } from '../src/temporal/install-binaries';

const ROOT = path.resolve(__dirname, '..');
const READY = /Press Ctrl-C to stop/;
const STEP = /start-up: (.+?) ready in ([\d.]+) s/g;

interface Run {
  seconds: number;
  steps: Record<string, number>;
}

async function startOnce(env: NodeJS.ProcessEnv, verbose: boolean): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'cars-bot.js'), 'start'], { cwd: ROOT, env, detached: true });
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    if (verbose) for (const line of d.toString().split('\n').filter(Boolean)) process.stdout.write(`  +${((performance.now() - started) / 1000).toFixed(2)} s  ${line}\n`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const seconds = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 180 s:\n${output}`)), 180_000);
    const check = () => {
      if (READY.test(output)) {
        clearTimeout(timer);
        resolve((performance.now() - started) / 1000);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ready:\n${output}`));
    });
  });
  const steps: Record<string, number> = {};
  for (const match of output.matchAll(STEP)) steps[match[1]] = Number(match[2]);
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`stopped with ${code}:\n${output.slice(-2000)}`);
  return { seconds, steps };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive whole number, got ${values.runs}`);
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'API_TOKENS', 'METRICS_PORT']) delete base[key];
  base.TEMPORAL_CLI_PATH ??= ensureTemporalBinaries({ dataDir: path.join(ROOT, '.data'), kinds: ['cli'] }).cli;
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-start-time-'));
    const env = {
      ...base,
      DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      API_PORT: String(await freePort()),
      EMULATORS: 'on',
      LOG_LEVEL: 'debug',
    };
    try {
      for (const kind of ['cold', 'warm'] as const) {
        const run = await startOnce(env, values.verbose);
        const steps = Object.entries(run.steps).map(([name, s]) => `${name} ${s.toFixed(2)}`).join(', ');
        process.stdout.write(`${kind}: ready in ${run.seconds.toFixed(2)} s (${steps})\n`);
      }
    } finally {
      if (values.keep) process.stdout.write(`data kept in ${dataDir}\n`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
