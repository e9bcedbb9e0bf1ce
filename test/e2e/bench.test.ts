/**
 * `npm run bench` end to end with a handful of posts: the emulators and `cars-bot start` as
 * processes, the posts through the whole pipeline, and a report whose counts add up — AI calls
 * 3 per car ad and 0 per duplicate, outcomes, histories, CPU and memory actually measured.
 * Figures are not judged here (speed is the bench's business), only that they are there and
 * consistent with each other.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchReport } from '../../scripts/bench/run-bench';

const root = path.resolve(__dirname, '../..');

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn('npm', ['run', 'bench', '--silent', '--', ...args], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

test('npm run bench -- --posts 3 --duplicates 2 --json reports every post, 3 AI calls per car ad and none per duplicate', async () => {
  const latencyMs = 200;
  const { code, stdout, stderr } = await runBench(['--posts', '3', '--duplicates', '2', '--latency', String(latencyMs), '--json', '--timeout', '200']);
  if (code !== 0) throw new Error(`exit ${code}\n${stderr.slice(-3000)}`);
  const report = JSON.parse(stdout) as BenchReport;

  expect(report.problems).toEqual([]);
  expect(report.statuses).toEqual({ published: 3, duplicate: 2 });
  expect(report.openai.calls).toBe(9);
  expect(report.openai.callsPerCarAd).toEqual([3, 3]);
  expect(report.openai.callsPerDuplicate).toEqual([0, 0]);
  expect(report.openai.callsPerPost).toBeCloseTo(9 / 5, 2);
  expect(report.openai.tokensPerPost).toBeCloseTo((report.openai.promptTokens + report.openai.completionTokens) / 5, 1);
  expect(report.openai.promptTokens).toBeGreaterThan(0);

  // Three calls of 200 ms one after the other: no car ad is done sooner.
  expect(report.wallSeconds).toBeGreaterThanOrEqual((3 * latencyMs) / 1000);
  expect(report.postsPerSecond).toBeCloseTo(5 / report.wallSeconds, 1);
  expect(report.submitToDone.p50).toBeGreaterThan(0);
  expect(report.submitToDone.p50).toBeLessThanOrEqual(report.submitToDone.p99);
  expect(report.submitToDone.p99).toBeLessThanOrEqual(report.submitToDone.max);
  expect(report.submitToDone.max).toBeLessThanOrEqual(report.wallSeconds + 0.01);

  // The histories were read: every post ran at least its intake, a car ad its AI steps too.
  const { temporal } = report;
  expect(temporal.activitiesPerPost + temporal.localActivitiesPerPost).toBeGreaterThanOrEqual(1);
  expect(temporal.eventsPerPost).toBeGreaterThan(temporal.activitiesPerPost + temporal.workflowTasksPerPost);
  const byType = Object.values(temporal.activitiesByType).reduce((a, b) => a + b, 0);
  expect(byType).toBeCloseTo(temporal.activitiesPerPost, 1);

  // The stack's processes were measured; the emulators apart.
  expect(report.cpuSeconds.measured).toBe(true);
  expect(report.cpuSeconds.total).toBeGreaterThan(0);
  expect(report.cpuSeconds.perPost).toBeCloseTo(report.cpuSeconds.total / 5, 2);
  expect(report.peakMemoryMb.total).toBeGreaterThan(50);
  expect(report.startupSeconds).toBeGreaterThan(0);
}, 300_000);

test('npm run bench refuses --db postgres without DATABASE_URL, saying how to get one', async () => {
  const { code, stderr } = await runBench(['--posts', '1', '--db', 'postgres']);
  expect(code).not.toBe(0);
  expect(stderr).toContain('DATABASE_URL');
  expect(stderr).toContain('scripts/ci-postgres.sh');
}, 120_000);
