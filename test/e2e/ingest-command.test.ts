/**
 * The documented command, end to end, as a separate process: `npm start --silent -- --ingest
 * FILE --until-idle --report json` against the run's Temporal server, with the embedded database
 * and emulators. Through npm itself, so the report on stdout is checked to be clean JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/temporal/dev-server';
import { createTestNamespace } from '../harness/temporal';

const root = path.resolve(__dirname, '../..');

interface ReportPost {
  line: number;
  status: string;
  workflowId: string;
  extracted: { make: string | null } | null;
  published: { messageIds: number[] } | null;
  aiCalls: number;
  error: string | null;
}

test('npm start --silent -- --ingest posts.jsonl --until-idle --report json publishes each car ad once and reports every post', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS });
  const namespace = await createTestNamespace(connection);
  await connection.close();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
    TEMPORAL_NAMESPACE: namespace,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-e2e-')),
    EMULATORS: 'on',
    PUBLISH_RATE_PER_MINUTE: '600',
    AI_CONCURRENCY: '8',
    API_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  // The embedded database, fresh in DATA_DIR: the command's default, whatever server the suite has.
  delete env.DATABASE_URL;
  const child = spawn('npm', ['start', '--silent', '--', '--ingest', 'test/fixtures/posts.jsonl', '--until-idle', '--report', 'json'], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`exit ${code}\n${stderr.slice(-3000)}`);

  const parsed = (() => {
    try {
      return JSON.parse(stdout) as unknown;
    } catch {
      throw new Error(`stdout is not the JSON report; it begins with:\n${stdout.slice(0, 1500)}`);
    }
  })();
  const report = parsed as { summary: { lines: number; submitted: number; invalidLines: number; byStatus: Record<string, number> }; posts: ReportPost[]; invalidLines: { line: number; message: string }[] };
  expect(report.invalidLines.map((l) => l.line)).toEqual([11, 21]);
  expect(report.invalidLines[0].message).toContain('messageId');
  expect(report.summary).toMatchObject({ lines: 34, submitted: 32, invalidLines: 2 });
  expect(report.posts).toHaveLength(32);
  expect(stderr).toMatch(/processing \[#+\] 32\/32/);

  const published = report.posts.filter((p) => p.status === 'published');
  // Every car ad of the fixture but the three reposts is published, each with its own messages.
  expect(published.length).toBe(21);
  const ids = published.flatMap((p) => p.published?.messageIds ?? []);
  expect(new Set(ids).size).toBe(ids.length);
  expect(published.every((p) => p.extracted?.make && p.aiCalls === 3 && p.error === null)).toBe(true);
  expect(report.posts.filter((p) => p.status === 'duplicate').every((p) => p.aiCalls === 0)).toBe(true);
  expect(report.summary.byStatus).toEqual({ published: 21, duplicate: 3, not_car: 8 });
  expect(report.posts.find((p) => p.line === 1)?.workflowId).toBe('post-cars_kz-2000');
}, 240_000);
