/**
 * The metrics endpoint as an operator scrapes it: `cars-bot start` with METRICS_PORT and an
 * ingest of the sample posts, then `GET /metrics` (what `curl $METRICS/metrics` does) until the
 * posts are counted: our `carsbot_*` series with their labels beside the SDK's `temporal_*`
 * ones, on 127.0.0.1 by default, announced in the ready block.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/temporal/dev-server';
import { exitWithin, expectNothingLeft, killLeftovers, runCommand } from '../harness/processes';
import { waitFor } from '../harness/wait-for';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-metrics-'));
const FIXTURE = path.join(__dirname, '../fixtures/posts.jsonl');

afterAll(() => {
  killLeftovers([dataDir]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `name{labels} value` lines of a scrape, summed per series name with the labels given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

test('after an ingest, /metrics has posts by final status, AI calls and tokens by step and model, Telegram sends, and the SDK series', async () => {
  const metricsPort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    METRICS_PORT: String(metricsPort),
    EMULATORS: 'on',
    LOG_LEVEL: 'info',
  };
  const posts = fs.readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.trim()).length;
  const cmd = runCommand(['start', '--ingest', FIXTURE], env);
  await cmd.waitForOutput(/Press Ctrl-C to stop|Processing/, 150_000);
  const block = cmd.output().slice(cmd.output().indexOf('Cars Bot is ready'));
  const url = `http://127.0.0.1:${metricsPort}/metrics`;
  expect(block).toMatch(new RegExp(`^  Metrics +${url.replace(/\./g, '\\.')} `, 'm'));

  // Every valid line ends in a final status; the sample file has invalid lines, so at least most of them.
  const text = await waitFor(
    async () => {
      const res = await fetch(url);
      const body = await res.text();
      const finished = sample(body, 'carsbot_posts_finished_total');
      return res.ok && finished >= posts - 5 && sample(body, 'carsbot_posts_finished_total', { status: 'published' }) > 0 ? body : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 1_000, what: 'the ingested posts in carsbot_posts_finished_total' },
  );

  expect(sample(text, 'carsbot_posts_finished_total', { status: 'published' })).toBeGreaterThan(10);
  expect(sample(text, 'carsbot_posts_finished_total', { status: 'duplicate' })).toBeGreaterThan(0);
  for (const step of ['classify', 'extract', 'describe']) {
    expect([step, sample(text, 'carsbot_ai_calls_total', { step, model: 'gpt-4o-mini' })]).toEqual([step, expect.any(Number)]);
    expect(sample(text, 'carsbot_ai_calls_total', { step, model: 'gpt-4o-mini' })).toBeGreaterThan(0);
    expect(sample(text, 'carsbot_ai_tokens_total', { step, type: 'prompt' })).toBeGreaterThan(0);
  }
  expect(sample(text, 'carsbot_telegram_requests_total', { outcome: 'ok' })).toBeGreaterThan(10);
  expect(text).toMatch(/^# TYPE carsbot_telegram_rate_limited_total counter$/m);
  expect(text).toMatch(/^# TYPE carsbot_telegram_flood_wait_seconds_total counter$/m);
  expect(text).toMatch(/^# TYPE carsbot_sheet_sync_changes_total counter$/m);
  expect(sample(text, 'carsbot_sheet_sync_changes_total', { sheet: 'channels', change: 'added' })).toBeGreaterThan(0);
  expect(text).toMatch(/^temporal_\w+/m);
  // Nothing personal in a label: no phone numbers, no post text.
  expect(text).not.toMatch(/\+7 ?7\d\d/);
  expect(text).not.toContain('Продаю');

  cmd.child.kill('SIGTERM');
  expect(await exitWithin(cmd, 60_000)).toBe(0);
  await expectNothingLeft(cmd, dataDir);
}, 400_000);
