// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/db';
import { openApiDocument } from '../../src/api/openapi';
import { createLogger } from '../../src/observability/logger';
import { AUTH, noDatabase, startApiHarness, TOKENS, type ApiHarness } from './api-harness';

const UNAUTHORIZED = { error: { code: 'unauthorized', message: 'unauthorized', details: null } };

/** Every documented operation, with sample values for its path parameters. */
function documentedOperations(): { method: string; url: string; template: string }[] {
  const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), template: `/api/v1${template}`, url: `/api/v1${template.replace(/\{\w+\}/g, 'health-check')}` })),
  );
}

describe('HTTP API: auth, errors, health and documents', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h?.close());

  test('/healthz needs no token and carries a request id; a safe caller id is kept, any other replaced', async () => {
    const plain = await h.app.inject({ method: 'GET', url: '/api/v1/healthz' });
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ status: 'ok' });
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await h.app.inject({ method: 'GET', url: '/api/v1/healthz', headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
    const replaced = await h.app.inject({ method: 'GET', url: '/api/v1/healthz', headers: { 'x-request-id': 'x" INFO forged line' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('every other route answers 401 without detail to a missing, wrong or malformed token', async () => {
    // Public: the health probe, and the documentation a browser opens (Swagger UI, the document).
    const operations = documentedOperations().filter((o) => !['/api/v1/healthz', '/api/v1/docs', '/api/v1/docs/assets/{file}', '/api/v1/openapi.json'].includes(o.template));
    expect(operations.length).toBeGreaterThanOrEqual(12);
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token' }, { authorization: `Basic ${TOKENS[0]}` }, { authorization: `Bearer ${TOKENS[0]}x` }, { authorization: 'Bearer' }];
    for (const op of [...operations, { method: 'GET', url: '/api/v1/no-such-route' }]) {
      for (const headers of attempts) {
        const res = await h.app.inject({ method: op.method as 'GET', url: `${op.url}?token=${TOKENS[0]}`, headers });
        expect({ route: `${op.method} ${op.url}`, status: res.statusCode, body: res.json() }).toEqual({ route: `${op.method} ${op.url}`, status: 401, body: UNAUTHORIZED });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
  });

  test('each configured token is accepted; an unknown route with a token is 404 in the error shape', async () => {
    for (const token of TOKENS) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/readyz', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
    }
    const lower = await h.app.inject({ method: 'GET', url: '/api/v1/readyz', headers: { authorization: `bearer ${TOKENS[1]}` } });
    expect(lower.statusCode).toBe(200);
    const missing = await h.app.inject({ method: 'GET', url: '/api/v1/no-such-route?x=1', headers: AUTH });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/no-such-route', details: null } });
  });

  test('with no tokens configured nothing but /healthz is served', async () => {
    const app = h.build({ tokens: [] });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/readyz', headers: { authorization: 'Bearer ' } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/readyz', headers: AUTH })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('/readyz: 200 when Temporal and the database answer; 503 naming the one that does not, without its error', async () => {
    const ready = await h.app.inject({ method: 'GET', url: '/api/v1/readyz', headers: AUTH });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { temporal: { status: 'ok' } } });

    const app = h.build({
      readiness: { temporal: () => h.t.client.connection.workflowService.getSystemInfo({}), database: () => Promise.reject(new Error('password authentication failed for user "carsbot"')) },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/readyz', headers: AUTH });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not ready', checks: { temporal: { status: 'ok' }, database: { status: 'down' } } });
      expect(res.body).not.toContain('carsbot');
    } finally {
      await app.close();
    }
  });

  test('an unexpected failure is a 500 naming only the request id; the cause goes to the log', async () => {
    const failing = { ...noDatabase, figures: () => Promise.reject(new Error('connect failed: postgres://carsbot:hunter2@db:5432/carsbot')) } as Store;
    const lines: string[] = [];
    const app = h.build({ store: failing, log: createLogger('info', (l) => lines.push(l)) });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/stats', headers: { ...AUTH, 'x-request-id': 'req-500' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal_error', message: 'internal error; the server log has the details (request req-500)', details: null } });
      expect(res.body).not.toContain('hunter2');
      expect(lines.some((l) => l.includes('request failed') && l.includes('req-500') && l.includes('connect failed'))).toBe(true);
    } finally {
      await app.close();
    }
  });

  test('/stats validates hours (1-168) before reading anything', async () => {
    for (const hours of ['0', '169', 'abc', '1.5']) {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/stats?hours=${hours}`, headers: AUTH });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', details: { problems: [{ path: 'hours', message: expect.any(String) }] } });
    }
  });

  test('the OpenAPI document describes exactly the routes served, and the docs page lists them', async () => {
    const app: FastifyInstance = h.build();
    const served: string[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods) if (m !== 'HEAD') served.push(`${m} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    });
    await app.ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: AUTH });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc).toMatchObject({ openapi: '3.0.3', servers: [{ url: '/api/v1' }], components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } });
      expect(doc.components.schemas.PostInput.required).toEqual(['source', 'messageId', 'text']);
      const documented = documentedOperations().map((o) => `${o.method} ${o.template}`);
      const apiRoutes = served.filter((r) => r.includes(' /api/v1/'));
      expect([...documented].sort()).toEqual(apiRoutes.sort());
      for (const [route, methods] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)) {
        for (const [method, op] of Object.entries(methods)) expect([method, route, typeof op.operationId]).toEqual([method, route, 'string']);
      }
      // Outside the API: only the dashboard's page and its two scripts (public, they hold no data).
      expect(served.filter((r) => !r.includes(' /api/v1/')).sort()).toEqual(['GET /dashboard', 'GET /dashboard/chart.umd.min.js', 'GET /dashboard/dashboard.js']);

      // The docs page and the document open in a browser without a token.
      const docs = await app.inject({ method: 'GET', url: '/api/v1/docs' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/^text\/html/);
      for (const op of documented) expect(docs.body).toContain(`<code>${op}</code>`);
      // Swagger UI from our own package, its files without a token too.
      expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
      for (const [file, type] of [['swagger-ui-bundle.js', /javascript/], ['swagger-ui.css', /^text\/css/], ['swagger-initializer.js', /javascript/]] as const) {
        expect(docs.body).toContain(`src="/api/v1/docs/assets/${file}"`.replace(/^src="(.*\.css)"$/, 'href="$1"'));
        const asset = await app.inject({ method: 'GET', url: `/api/v1/docs/assets/${file}` });
        expect([file, asset.statusCode]).toEqual([file, 200]);
        expect(asset.headers['content-type']).toMatch(type);
      }
      expect((await app.inject({ method: 'GET', url: '/api/v1/docs/assets/swagger-initializer.js' })).body).toContain('"/api/v1/openapi.json"');
      expect((await app.inject({ method: 'GET', url: '/api/v1/docs/assets/package.json' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths).toEqual(doc.paths);
    } finally {
      await app.close();
    }
  });
});
