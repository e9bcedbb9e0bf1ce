// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../../src/cli/main';
import type { ProcessPostResult } from '../../src/common/posts';
import { TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { waitFor } from '../harness/wait-for';
import { AUTH, startApiHarness, TOKENS, type ApiHarness } from './api-harness';
import { runCli } from '../harness/cli';

const CAMRY = 'Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. 12 500 000 тг, Алматы, +7 701 123 45 67';

let messageId = 5000;
const nextPost = (text = CAMRY, source = '@api_cars') => ({ source, messageId: ++messageId, date: '2026-11-20T09:12:00Z', text });

let h: ApiHarness;
let parts: PipelineParts;

beforeAll(async () => {
  h = await startApiHarness({ pipeline: true });
  parts = h.parts!;
});
afterAll(() => h?.close());

describe('HTTP API: posts', () => {
  const submit = (payload: unknown) => h.app.inject({ method: 'POST', url: '/api/v1/posts', headers: AUTH, payload: payload as object });
  const get = (id: string | number) => h.app.inject({ method: 'GET', url: `/api/v1/posts/${id}`, headers: AUTH });
  const finished = (workflowId: string) => h.t.client.workflow.getHandle(workflowId).result() as Promise<ProcessPostResult>;

  test('a submitted post is accepted (202), processed and published; the same post again is 200 with the existing workflow', async () => {
    const post = nextPost();
    const first = await submit(post);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ workflowId: `post-api_cars-${post.messageId}`, status: 'received', created: true });
    expect(first.headers.location).toBe(`/api/v1/posts/post-api_cars-${post.messageId}`);

    const again = await submit({ ...post, source: '@API_Cars', unknownField: true });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ workflowId: `post-api_cars-${post.messageId}`, created: false });

    const result = await finished(first.json().workflowId);
    expect(result.status).toBe('published');
    const afterwards = await submit(post);
    expect(afterwards.statusCode).toBe(200);
    expect(afterwards.json()).toEqual({ workflowId: `post-api_cars-${post.messageId}`, status: 'published', created: false });
    expect(parts.telegramEmulator.sentMessages(TEST_CHANNEL).map((m) => m.messageId)).toContain(result.publishedMessageIds?.[0]);
  });

  test('GET /posts/{id} by workflow id and by post id: status, progress, fields, description, publication; contacts only counted', async () => {
    const post = nextPost(CAMRY.replace('Camry', 'Land Cruiser').replace('2018', '2019'));
    const { workflowId } = (await submit(post)).json();
    const result = await finished(workflowId);

    const byWorkflow = await get(workflowId);
    expect(byWorkflow.statusCode).toBe(200);
    const report = byWorkflow.json();
    expect(report).toMatchObject({
      workflowId,
      postId: result.postId,
      source: '@api_cars',
      messageId: post.messageId,
      status: 'published',
      workflow: { status: 'COMPLETED' },
      progress: { step: 'done', percent: 100, status: 'published' },
      classification: { isCarAd: true },
      fields: { make: 'Toyota', year: 2019, price: 12_500_000, currency: 'KZT', contactCount: 1 },
      description: result.description,
      published: { chatId: TEST_CHANNEL, messageIds: result.publishedMessageIds },
      error: null,
    });
    expect(byWorkflow.body).not.toMatch(/701|"contacts"/);

    const byId = await get(result.postId);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toEqual(report);
  });

  test('progress is live while the post is in the pipeline', async () => {
    parts.openaiEmulator.faults.configure({ latencyMs: 2_000 });
    try {
      const { workflowId } = (await submit(nextPost(CAMRY.replace('Camry', 'RAV4')))).json();
      const running = await waitFor(
        async () => {
          const body = (await get(workflowId)).json();
          return body.workflow?.status === 'RUNNING' && body.progress?.step === 'classify' ? body : undefined;
        },
        { timeoutMs: 15_000, what: 'the post in the classify step' },
      );
      expect(running).toMatchObject({ status: 'received', progress: { step: 'classify', stepsDone: 2, totalSteps: 5, percent: 40 } });
    } finally {
      parts.openaiEmulator.faults.reset();
    }
  });

  test('an invalid post is 400 with each problem listed; nothing is started', async () => {
    const res = await submit({ source: 'x', messageId: -3, photos: 'file' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toMatchObject({ code: 'invalid_post', message: expect.stringContaining('4 problems') });
    expect(body.error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(['messageId', 'photos', 'source', 'text']);

    const noText = await submit({ source: '@api_cars', messageId: 77_777 });
    expect(noText.statusCode).toBe(400);
    expect(noText.json().error.details.problems).toEqual([{ path: 'text', message: expect.any(String) }]);
    await expect(h.t.client.workflow.getHandle('post-api_cars-77777').describe()).rejects.toThrow(/not found/i);

    const notAnObject = await submit([1, 2]);
    expect(notAnObject.statusCode).toBe(400);
    expect(notAnObject.json().error.details.problems).toEqual([{ path: '(post)', message: expect.any(String) }]);

    const empty = await h.app.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('invalid_post');

    const broken = await h.app.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"source": "@cars_kz",' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({ error: { code: 'invalid_json', message: 'the body is not valid JSON', details: null } });

    const text = await h.app.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
  });

  test('a NUL character in the text or a photo id is 400 naming the field; nothing is started', async () => {
    const post = { ...nextPost(), text: 'Продаю Ford Focus\u0000 2012', photos: ['ok-id', 'bad\u0000id'] };
    const res = await submit(post);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.problems).toEqual([
      { path: 'text', message: 'contains a NUL character (\\u0000), which cannot be stored; remove it' },
      { path: 'photos.1', message: 'contains a NUL character (\\u0000), which cannot be stored; remove it' },
    ]);
    await expect(h.t.client.workflow.getHandle(`post-api_cars-${post.messageId}`).describe()).rejects.toThrow(/not found/i);
  });

  test('POST /posts/{id}/retry: 202 with the new run for a failed post, 409 for one that is not failed, 404 for none', async () => {
    // Every describe fails until the post has failed (another test's post may still be in the pipeline).
    parts.openaiEmulator.faults.configure({ errorRate: 1, errorStatus: 400, only: ['describe'] });
    const post = nextPost('Продаю Hyundai Accent 2014, 140 000 км, 4 200 000 тг, Караганда');
    const { workflowId } = (await submit(post)).json();
    await expect(finished(workflowId)).rejects.toThrow(/Workflow execution failed/);
    parts.openaiEmulator.faults.reset();
    const failed = (await get(workflowId)).json();
    expect(failed).toMatchObject({ status: 'failed', failedStep: 'describe', workflow: { status: 'FAILED' } });

    const retried = await h.app.inject({ method: 'POST', url: `/api/v1/posts/${failed.postId}/retry`, headers: AUTH });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ workflowId, retried: true, how: 'reset', runId: expect.any(String) });
    expect((await finished(workflowId)).status).toBe('published');

    const again = await h.app.inject({ method: 'POST', url: `/api/v1/posts/${workflowId}/retry`, headers: AUTH });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'not_retryable', details: { workflowId } });
    const none = await h.app.inject({ method: 'POST', url: '/api/v1/posts/post-api_cars-999999/retry', headers: AUTH });
    expect(none.statusCode).toBe(404);
    const bulk = await h.app.inject({ method: 'POST', url: '/api/v1/posts/retry-failed', headers: AUTH, payload: { since: 'yesterday' } });
    expect(bulk.statusCode).toBe(400);
  });

  test('GET /stats counts what the pipeline did in the period (24 hours by default)', async () => {
    const { workflowId } = (await submit(nextPost(CAMRY.replace('Camry', 'Supra')))).json();
    await finished(workflowId);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/stats', headers: AUTH });
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats).toMatchObject({ hours: 24, received: expect.any(Number), published: expect.any(Number), aiCalls: expect.any(Number) });
    expect(stats.published).toBeGreaterThanOrEqual(1);
    expect(stats.postsByStatus.published).toBe(stats.published);
    expect(new Date(stats.to).getTime() - new Date(stats.from).getTime()).toBe(24 * 3_600_000);
    const oneHour = (await h.app.inject({ method: 'GET', url: '/api/v1/stats?hours=1', headers: AUTH })).json();
    expect(oneHour).toMatchObject({ hours: 1, received: stats.received });
  });

  test('a body over the limit is refused with 413', async () => {
    const res = await submit({ ...nextPost(), text: 'a'.repeat(1_100_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  test('unknown posts are 404, ids that name no post 400', async () => {
    const unknownWorkflow = await get('post-nobody_here-1');
    expect(unknownWorkflow.statusCode).toBe(404);
    expect(unknownWorkflow.json()).toEqual({ error: { code: 'not_found', message: 'post post-nobody_here-1 not found', details: null } });
    expect((await get(987654)).statusCode).toBe(404);
    for (const id of ['health-check-1', 'post-foo.bar-1', '0', encodeURIComponent('post-a b-1')]) {
      const bad = await get(id);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('invalid_id');
    }
  });

  test('over a real socket: submit and read back with a bearer token; 401 without', async () => {
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const post = nextPost(CAMRY.replace('Camry', 'Highlander'));
    const submitted = await fetch(`${address}/api/v1/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS[1]}`, 'content-type': 'application/json', 'x-request-id': 'socket-test-1' },
      body: JSON.stringify(post),
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('x-request-id')).toBe('socket-test-1');
    const { workflowId } = (await submitted.json()) as { workflowId: string };
    await finished(workflowId);
    const read = await fetch(`${address}/api/v1/posts/${workflowId}`, { headers: { authorization: `Bearer ${TOKENS[1]}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ workflowId, status: 'published' });
    const anonymous = await fetch(`${address}/api/v1/posts/${workflowId}`);
    expect(anonymous.status).toBe(401);
    expect(h.logLines.some((l) => l.includes('POST /api/v1/posts 202') && l.includes('"reqId":"socket-test-1"'))).toBe(true);
  });
});

const cli = runCli;

describe('CLI: post submit and post status', () => {
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE, database: process.env.DATABASE_URL };
  beforeAll(() => {
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = h.t.namespace;
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries({ TEMPORAL_ADDRESS: saved.address, TEMPORAL_NAMESPACE: saved.namespace, DATABASE_URL: saved.database })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('submit and status have help with examples', () => {
    const post = buildProgram().commands.find((c) => c.name() === 'post')!;
    for (const cmd of [post, ...post.commands]) {
      let help = '';
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help).toContain('Examples:');
      expect(help).toContain('cars-bot post');
    }
  });

  test('--json submits one post; again it is reported as submitted before; status shows it from Temporal', async () => {
    const post = nextPost(CAMRY.replace('Camry', 'Corolla'), '@cli_cars');
    const first = await cli('post', 'submit', '--json', JSON.stringify(post), '--wait');
    expect(first).toMatchObject({ code: 0, out: `post-cli_cars-${post.messageId}  published\n` });
    const again = await cli('post', 'submit', '--json', JSON.stringify(post));
    expect(again).toMatchObject({ code: 0, out: `post-cli_cars-${post.messageId}  already submitted\n` });

    const status = await cli('post', 'status', `post-cli_cars-${post.messageId}`);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`post-cli_cars-${post.messageId}`);
    expect(status.out).toContain('Status: published · workflow COMPLETED');
    expect(status.out).toContain('Toyota Corolla 2018 · 12 500 000 KZT');
    expect(status.out).not.toContain('701');

    const json = await cli('post', 'status', `post-cli_cars-${post.messageId}`, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ status: 'published', fields: { make: 'Toyota', contactCount: 1 }, progress: { percent: 100 } });
  });

  test('--file submits every good line and reports the bad ones (exit 1); status of an unknown post exits 1', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-cli-')), 'posts.jsonl');
    const good = nextPost('Сдаю гараж в центре, 30 000 тг в месяц', '@cli_cars');
    fs.writeFileSync(file, `${JSON.stringify(good)}\n{"source": "@cli_cars", "messageId": "x"}\n\nnot json\n`);
    const res = await cli('post', 'submit', '--file', file, '--wait');
    expect(res.code).toBe(1);
    expect(res.out).toBe(`post-cli_cars-${good.messageId}  not_car\n`);
    expect(res.err).toContain(`${file}:2: skipped: messageId:`);
    expect(res.err).toContain(`${file}:4: skipped: not valid JSON`);

    const invalid = await cli('post', 'submit', '--json', '{"source": "@cli_cars"}');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/^error: --json: messageId: .*\nerror: --json: text: /);

    const unknown = await cli('post', 'status', 'post-cli_cars-1');
    expect(unknown).toMatchObject({ code: 1, err: 'error: no post post-cli_cars-1 is known\n' });
    const numeric = await cli('post', 'status', '42');
    expect(numeric.code).toBe(1);
    expect(numeric.err).toContain('a numeric post id needs the database');
  });
});
