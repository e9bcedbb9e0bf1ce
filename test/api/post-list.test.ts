// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

/**
 * The posts list (`GET /api/v1/posts`, `cars-bot post list`) and the figures (`cars-bot stats`
 * against `GET /api/v1/stats`) over one in-memory database: filters, paging with a cursor, the
 * 400s for bad filters, and no personal data in the list.
 */
import { sql } from 'kysely';
import { buildProgram } from '../../src/cli/main';
import type { PostListItem, PostListPage } from '../../src/client/post-list';
import type { Store } from '../../src/db';
import { makeReadyPost } from '../harness/ready-posts';
import { runCli } from '../harness/cli';
import { AUTH, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
let store: Store;
/** Post ids by name, newest last. */
const ids: Record<string, number> = {};

async function failed(source: string, make: string, step: string, error: string): Promise<number> {
  const id = await makeReadyPost(store, { source, extracted: { make, model: 'X' } });
  await store.transitionPost(id, 'failed', { error, failedStep: step });
  return id;
}

beforeAll(async () => {
  h = await startApiHarness({ pipeline: true });
  store = h.parts!.store;
  ids.oldToyotaFailed = await failed('@list_a', 'Toyota', 'publish', 'TelegramBadRequest: Bad Request: message is too long');
  ids.bmwFailed = await failed('@list_a', 'BMW', 'extract', 'OpenAiBadRequest: OpenAI refused the request');
  ids.toyotaReady = await makeReadyPost(store, { source: '@list_a', extracted: { make: 'Toyota', model: 'Corolla' } });
  ids.otherSourceToyotaFailed = await failed('@list_b', 'toyota', 'describe', 'PostExpired: the AI steps did not finish within 1 h');
  // Received three hours ago: outside since=2h.
  await sql`update posts set created_at = now() - interval '3 hours' where id = ${ids.oldToyotaFailed}`.execute(h.parts!.database.db);
});
afterAll(() => h?.close());

const list = (query: string) => h.app.inject({ method: 'GET', url: `/api/v1/posts${query}`, headers: AUTH });
const mine = (page: PostListPage) => page.posts.filter((p) => Object.values(ids).includes(p.postId)).map((p) => p.postId);

describe('GET /api/v1/posts', () => {
  test('newest first; every filter narrows the list; make ignores case; no text or contacts', async () => {
    const all = await list('');
    expect(all.statusCode).toBe(200);
    expect(mine(all.json())).toEqual([ids.otherSourceToyotaFailed, ids.toyotaReady, ids.bmwFailed, ids.oldToyotaFailed]);
    const item: PostListItem = all.json().posts.find((p: PostListItem) => p.postId === ids.bmwFailed);
    expect(item).toMatchObject({
      workflowId: expect.stringMatching(/^post-list_a-\d+$/),
      source: '@list_a',
      status: 'failed',
      make: 'BMW',
      failedStep: 'extract',
      error: 'OpenAiBadRequest: OpenAI refused the request',
      receivedAt: expect.any(String),
    });
    expect(all.body).not.toMatch(/701|7701|"text"|"contacts"|Продаю/);

    expect(mine((await list('?status=failed&source=@list_a&make=Toyota')).json())).toEqual([ids.oldToyotaFailed]);
    expect(mine((await list('?status=failed&make=TOYOTA')).json())).toEqual([ids.otherSourceToyotaFailed, ids.oldToyotaFailed]);
    expect(mine((await list('?status=failed&make=Toyota&since=2h')).json())).toEqual([ids.otherSourceToyotaFailed]);
    expect(mine((await list('?source=https://t.me/List_B')).json())).toEqual([ids.otherSourceToyotaFailed]);
    expect(mine((await list('?status=ready&source=@list_a')).json())).toEqual([ids.toyotaReady]);
    expect(mine((await list(`?since=${encodeURIComponent(new Date(Date.now() - 7_200_000).toISOString())}&source=@list_a`)).json())).toEqual([ids.toyotaReady, ids.bmwFailed]);

    // A make in Cyrillic, as the AI reads Russian ads.
    ids.lada = await makeReadyPost(store, { source: '@list_b', extracted: { make: 'Лада', model: 'Веста' } });
    expect(mine((await list(`?make=${encodeURIComponent('Лада')}`)).json())).toEqual([ids.lada]);
  });

  test('pages follow each other by cursor, in a stable order, until nextCursor is null', async () => {
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await list(`?source=@list_a&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page: PostListPage = res.json();
      expect(page.posts.length).toBeLessThanOrEqual(2);
      seen.push(...page.posts.map((p) => p.postId));
      cursor = page.nextCursor;
      if (++pages > 5) throw new Error('the cursor never ran out');
    }
    expect(seen).toEqual([ids.toyotaReady, ids.bmwFailed, ids.oldToyotaFailed]);
    expect(pages).toBe(2);

    // A post arriving meanwhile doesn't shift the next page: it is newer than the cursor.
    const first: PostListPage = (await list('?source=@list_a&limit=1')).json();
    await makeReadyPost(store, { source: '@list_a' });
    const second: PostListPage = (await list(`?source=@list_a&limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.posts.map((p) => p.postId)).toEqual([ids.bmwFailed]);
  });

  test.each([
    ['since=banana', 'since', /expected a duration such as 30m, 2h or 7d, or an ISO 8601 time.*got "banana"/],
    ['status=lost', 'status', /expected one of received, .*failed/],
    ['source=not a channel', 'source', /expected a channel @username or a numeric chat id/],
    ['limit=0', 'limit', /at least 1/],
    ['limit=1000', 'limit', /at most 200/],
    ['limit=ten', 'limit', /expected a whole number/],
    ['cursor=zzz', 'cursor', /not a cursor of this list/],
    ['status=failed&status=ready', 'status', /more than once/],
    ['stauts=failed', 'query', /unknown parameter stauts: the list takes status, source, make, since, limit, cursor/],
  ])('%s is a 400 naming %s and why', async (query, parameter, why) => {
    const res = await list(`?${query}`);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.details.problems).toEqual([{ path: parameter, message: expect.stringMatching(why) }]);
    expect(error.message).toContain(`${parameter}: `);
  });

  test('the route is in the OpenAPI document with its operationId, parameters and an example', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: AUTH })).json();
    const op = doc.paths['/posts'].get;
    expect(op.operationId).toBe('listPosts');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['status', 'source', 'make', 'since', 'limit', 'cursor']);
    expect(doc.components.schemas.PostList.example.posts[0]).toHaveProperty('workflowId');
  });
});

describe('CLI: post list and stats', () => {
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE, database: process.env.DATABASE_URL };
  beforeAll(() => {
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = h.t.namespace;
    // The test's in-memory database, over the socket it is served on (as a PostgreSQL server would be).
    process.env.DATABASE_URL = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(h.parts!.database.pglite!.socketDir)}`;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries({ TEMPORAL_ADDRESS: saved.address, TEMPORAL_NAMESPACE: saved.namespace, DATABASE_URL: saved.database })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('post list prints a table with the same posts as the API, --json the same page', async () => {
    const api: PostListPage = (await list('?status=failed&make=toyota')).json();
    const table = await runCli('post', 'list', '--status', 'failed', '--make', 'toyota');
    expect(table.err).toBe('');
    expect(table.code).toBe(0);
    const lines = table.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+STATUS\s+CAR\s+PRICE\s+RECEIVED\s+NOTE$/);
    expect(lines.slice(1).map((l) => Number(l.split(/\s+/)[0]))).toEqual(api.posts.map((p) => p.postId));
    expect(table.out).toContain('describe: PostExpired: the AI steps did not finish within 1 h');
    expect(table.out).not.toMatch(/701/);

    const json = await runCli('post', 'list', '--status', 'failed', '--make', 'toyota', '--json');
    expect(JSON.parse(json.out)).toEqual(api);

    const paged = await runCli('post', 'list', '--source', '@list_a', '--limit', '1');
    const cursor = /more: --cursor (\S+)/.exec(paged.out)?.[1];
    expect(cursor).toBeDefined();
    const next = await runCli('post', 'list', '--source', '@list_a', '--limit', '1', '--cursor', cursor!, '--json');
    expect(JSON.parse(next.out).posts).toHaveLength(1);
  });

  test('post list: a bad filter names the option and why, before any database is opened', async () => {
    const bad = await runCli('post', 'list', '--since', 'banana', '--status', 'lost');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: --status: expected one of .*\nerror: --since: expected a duration .*got "banana"\n$/);
    expect(bad.out).toBe('');
  });

  test('stats gives the figures GET /stats gives; --today as the bot', async () => {
    const api = (await h.app.inject({ method: 'GET', url: '/api/v1/stats?hours=2', headers: AUTH })).json();
    const cli = await runCli('stats', '--hours', '2', '--json');
    expect(cli.code).toBe(0);
    const figures = JSON.parse(cli.out);
    const { from: _f, to: _t, ...counts } = figures;
    const { from: _af, to: _at, ...apiCounts } = api;
    expect(counts).toEqual(apiCounts);
    expect(counts).toMatchObject({ hours: 2, failed: expect.any(Number), postsByStatus: { failed: expect.any(Number) } });
    expect(counts.postsByStatus.failed).toBeGreaterThanOrEqual(2);

    const text = await runCli('stats');
    expect(text.out).toMatch(/^📊 Last 24 h, since \S+\nReceived: \d+ \(.*failed \d+.*\)\n/);
    const today = await runCli('stats', '--today');
    expect(today.out).toMatch(/^📊 Today, since 00:00 /);
    expect((await runCli('stats', '--hours', '500')).err).toContain('expected a whole number of hours from 1 to 168');
  });

  test('without DATABASE_URL both say where to look instead', async () => {
    delete process.env.DATABASE_URL;
    const res = await runCli('post', 'list');
    expect(res.code).toBe(1);
    expect(res.err).toContain('post list reads the database: set DATABASE_URL');
    expect(res.err).toContain('GET /api/v1/posts');
    expect((await runCli('stats')).err).toContain('GET /api/v1/stats');
  });

  test('list and stats have help with examples', () => {
    const program = buildProgram();
    const post = program.commands.find((c) => c.name() === 'post')!;
    for (const cmd of [post.commands.find((c) => c.name() === 'list')!, program.commands.find((c) => c.name() === 'stats')!]) {
      let help = '';
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help).toContain('Examples:');
    }
  });
});
