// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

/**
 * The API docs in a real browser (Chromium through playwright-core): without a token, Swagger UI
 * renders every operation of the document from our own copy of swagger-ui-dist, and the plain
 * fallback list is gone once it has.
 */
import { openApiDocument } from '../../src/api/openapi';
import { useApiInBrowser } from '../harness/api-in-browser';

const web = useApiInBrowser();

test('Swagger UI renders every operation without a token', async () => {
  const page = await web.browser.newPage();
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${web.base}/api/v1/docs`);
  await page.waitForSelector('.opblock', { timeout: 30_000 });
  const ids = Object.values(openApiDocument().paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((op) => op.operationId));
  const shown = await page.$$eval('.opblock .opblock-summary-operation-id', (els) => els.map((e) => e.textContent?.trim()));
  expect([...shown].sort()).toEqual([...ids].sort());
  expect(await page.$('#plain-docs')).toBeNull();
  expect(await page.$('.btn.authorize')).not.toBeNull();
  expect(failed).toEqual([]);
}, 60_000);
