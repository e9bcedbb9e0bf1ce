// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

/**
 * The dashboard in a real browser (Chromium through playwright-core) over the real API, workers
 * and emulators: the sign-in form refuses a wrong token and takes a right one, the charts have
 * the ingested posts' data, the failures table names the failed post with its reason and its
 * Web UI link, and its Retry button resets the run until the post is published. Writes
 * test/.tmp/dashboard.png; with UPDATE_SCREENSHOTS=1 also docs/dashboard.png (the README's).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PostInput, ProcessPostResult } from '../../src/common/posts';
import { validatePostInput } from '../../src/common/post-input';
import { startPostWorkflow } from '../../src/client/start-post';
import { AUTH, TOKENS } from '../api/api-harness';
import { useApiInBrowser } from '../harness/api-in-browser';
import { waitFor } from '../harness/wait-for';

const UI = 'http://127.0.0.1:8233';
const FAILING_TEXT = 'Продаю Nissan Qashqai 2017, 110 000 км, 2.0 бензин, вариатор, 7 900 000 тг, Шымкент';

const web = useApiInBrowser({
  harness: { pipeline: true },
  server: { dashboard: { temporalUiUrl: UI, publishPerMinute: 20, models: ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini'] } },
});

function fixturePosts(): PostInput[] {
  const lines = fs.readFileSync(path.join(__dirname, '../fixtures/posts.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  return lines.flatMap((line) => {
    try {
      const checked = validatePostInput(JSON.parse(line));
      return checked.ok ? [checked.post] : [];
    } catch {
      return [];
    }
  });
}

const result = (workflowId: string) => web.h.t.client.workflow.getHandle(workflowId).result() as Promise<ProcessPostResult>;

describe('dashboard in a browser', () => {
  let failedWorkflowId: string;
  let failedPostId: number;
  let page: Page;

  test('an ingest of the sample posts, one of which fails at describe', async () => {
    const posts = fixturePosts();
    expect(posts.length).toBeGreaterThan(20);
    const started = await Promise.all(posts.map((p) => startPostWorkflow(web.h.t.client, p)));
    const outcomes = await Promise.allSettled(started.map((s) => result(s.workflowId)));
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(posts.length);

    // Every describe fails (400) until this post has failed; nothing else is in flight now.
    web.h.parts!.openaiEmulator.faults.configure({ errorRate: 1, errorStatus: 400, only: ['describe'] });
    const failing = await startPostWorkflow(web.h.t.client, { source: '@cars_kz', messageId: 990_001, text: FAILING_TEXT });
    await expect(result(failing.workflowId)).rejects.toThrow(/Workflow execution failed/);
    web.h.parts!.openaiEmulator.faults.reset();
    failedWorkflowId = failing.workflowId;
    const report = (await web.h.app.inject({ method: 'GET', url: `/api/v1/posts/${failedWorkflowId}`, headers: AUTH })).json();
    expect(report).toMatchObject({ status: 'failed', failedStep: 'describe' });
    failedPostId = report.postId;
  }, 180_000);

  test('the data route needs the token; the page and its scripts do not', async () => {
    expect((await fetch(`${web.base}/api/v1/dashboard`)).status).toBe(401);
    const pageRes = await fetch(`${web.base}/dashboard`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-security-policy')).toContain("script-src 'self'");
    const chartJs = await fetch(`${web.base}/dashboard/chart.umd.min.js`);
    expect(chartJs.status).toBe(200);
    expect(await chartJs.text()).toContain('Chart');
  });

  test('the sign-in form refuses a wrong token, then the page loads with a right one', async () => {
    page = await web.browser.newPage({ viewport: { width: 1360, height: 1000 }, deviceScaleFactor: 1 });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(`${web.base}/dashboard`, { waitUntil: 'load' });
    expect(await page.$eval('body', (b) => b.dataset.state)).toBe('signed-out');

    await page.fill('#token', 'not-a-token');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#login-error:not(.hidden)', { timeout: 10_000 });
    expect(await page.$eval('#login-error', (e) => e.textContent)).toBe('That token was not accepted.');

    await page.fill('#token', TOKENS[0]);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('body[data-state="ready"]', { state: 'attached', timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  });

  test('the charts hold the ingest: posts by status, publications, AI calls; queues show live workers', async () => {
    const expected = (await web.h.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: AUTH })).json();
    const published = expected.postsPerHour.byStatus.published.reduce((s: number, n: number) => s + n, 0);
    expect(published).toBeGreaterThan(10);

    // Read back from the browser: what Chart.js holds for each chart, and the queue table's states.
    const seen = (await page.evaluate(`(() => {
      const sum = (id, label) => Chart.getChart(id).data.datasets
        .filter((d) => !label || d.label === label)
        .reduce((s, d) => s + d.data.reduce((a, b) => a + b, 0), 0);
      return {
        posts: sum('posts-chart'),
        published: sum('posts-chart', 'published'),
        failed: sum('posts-chart', 'failed'),
        sentLastHour: sum('publish-chart', 'published per minute'),
        aiCalls: sum('ai-chart', 'AI calls'),
        liveWorkers: [...document.querySelectorAll('#queues tbody tr')].map((tr) => [tr.dataset.queue, tr.querySelector('.pill').textContent]),
      };
    })()`)) as { posts: number; published: number; failed: number; sentLastHour: number; aiCalls: number; liveWorkers: [string, string][] };
    expect(seen.published).toBe(published);
    expect(seen.failed).toBeGreaterThanOrEqual(1);
    expect(seen.posts).toBeGreaterThan(published);
    expect(seen.sentLastHour).toBe(expected.publishing.lastHour);
    expect(seen.sentLastHour).toBeGreaterThanOrEqual(published);
    expect(seen.aiCalls).toBeGreaterThan(published * 2);
    expect(seen.liveWorkers).toEqual(expect.arrayContaining([['ai', 'live'], ['publishing', 'live'], ['cars-bot', 'live']]));

    const row = await page.$eval(`#failures tr[data-post="${failedPostId}"]`, (tr) => ({ text: tr.textContent ?? '', href: tr.querySelector('a')?.getAttribute('href') }));
    expect(row.text).toContain('describe');
    expect(row.text).toContain('OpenAI');
    expect(row.href).toBe(`${UI}/namespaces/${encodeURIComponent(web.h.t.namespace)}/workflows/${failedWorkflowId}`);

    const shot = await page.screenshot({ fullPage: true, type: 'png' });
    fs.mkdirSync(path.join(__dirname, '../.tmp'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '../.tmp/dashboard.png'), shot);
    if (process.env.UPDATE_SCREENSHOTS === '1') fs.writeFileSync(path.join(__dirname, '../../docs/dashboard.png'), shot);
  });

  test('Retry on a failed post resets its run, and the post is published', async () => {
    await page.click(`#failures button.retry[data-post="${failedPostId}"]`);
    await page.waitForSelector(`#failures tr[data-post="${failedPostId}"] .outcome.retried`, { timeout: 15_000 });
    expect(await page.$eval(`#failures tr[data-post="${failedPostId}"] .outcome`, (e) => e.textContent)).toBe('retried (reset)');
    expect((await result(failedWorkflowId)).status).toBe('published');
    // The dashboard no longer lists it.
    await waitFor(async () => {
      const data = (await web.h.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: AUTH })).json();
      return !data.failures.some((f: { postId: number }) => f.postId === failedPostId);
    }, { timeoutMs: 10_000, what: 'the retried post to leave the failures' });
  });
});
