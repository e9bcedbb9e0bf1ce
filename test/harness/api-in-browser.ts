/**
 * Our HTTP API on a free local port, over the API harness's parts, and a headless Chromium to
 * open its pages in: for test files that look at the pages as a person does. Started before the
 * file's tests (Temporal, the workers and the browser take a while), closed after them.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { ApiServerDeps } from '../../src/api/server';
import { startApiHarness, type ApiHarness } from '../api/api-harness';
import { launchBrowser } from './browser';

export interface ApiInBrowser {
  h: ApiHarness;
  /** The served API (another server than `h.app`, over the same parts). */
  app: FastifyInstance;
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  base: string;
  browser: Browser;
}

/** Registers the file's hooks; the fields are set once `beforeAll` has run, so read them inside tests. */
export function useApiInBrowser(options: { harness?: Parameters<typeof startApiHarness>[0]; server?: Partial<ApiServerDeps> } = {}): ApiInBrowser {
  const web = {} as ApiInBrowser;
  beforeAll(async () => {
    web.h = await startApiHarness(options.harness);
    web.app = web.h.build(options.server);
    web.base = await web.app.listen({ host: '127.0.0.1', port: 0 });
    web.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await web.browser?.close();
    await web.app?.close();
    await web.h?.close();
  });
  return web;
}
