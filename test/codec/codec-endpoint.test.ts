/**
 * The codec endpoint in the API server (Temporal's remote codec protocol): it decodes what our
 * converter encrypted and encodes what the Web UI sends, for callers with a token only, and grants
 * CORS to the configured Web UI origin alone.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { payloadToJSON, JSONToPayload, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { FastifyInstance } from 'fastify';
import { buildApiServer } from '../../src/api/server';
import type { Store } from '../../src/db';
import { createLogger } from '../../src/observability/logger';
import { EncryptionCodec, ENCRYPTED_ENCODING } from '../../src/temporal/encryption-codec';
import { testCodecKeys } from '../harness/codec';

const TOKEN = 'codec-test-token';
const PATH_TOKEN = 'ui-path-token-for-this-run';
const UI = 'http://127.0.0.1:8233';
const PHONE = '+77011234567';
const codec = new EncryptionCodec(testCodecKeys());
const logLines: string[] = [];

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = buildApiServer({
    // The codec routes use neither Temporal nor the database.
    client: { options: { namespace: 'default' } } as Client,
    store: {} as Store,
    definitions: [],
    tokens: [TOKEN],
    readiness: {},
    log: createLogger('info', (line) => logLines.push(line)),
    codec: { payloadCodecs: [codec], namespace: 'cars', corsOrigins: [UI], pathTokens: [PATH_TOKEN] },
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

/** A real HTTP request (CORS is about real requests), answered as status, headers and body. */
async function inject(req: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }) {
  const res = await fetch(`${base}${req.url}`, { method: req.method, headers: req.headers, body: req.payload === undefined ? undefined : JSON.stringify(req.payload) });
  const body = await res.text();
  return { statusCode: res.status, headers: Object.fromEntries(res.headers.entries()) as Record<string, string | undefined>, body, json: () => JSON.parse(body) as unknown };
}

const encrypted = async (value: unknown): Promise<JSONPayload> => payloadToJSON((await codec.encode([defaultPayloadConverter.toPayload(value)]))[0]);
const post = (url: string, payloads: JSONPayload[], headers: Record<string, string> = {}) =>
  inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-namespace': 'cars', ...headers }, payload: { payloads } });

test('decode gives back what the converter encrypted; encode encrypts what the UI sends', async () => {
  const res = await post('/codec/decode', [await encrypted({ contacts: [PHONE] })], { authorization: `Bearer ${TOKEN}` });
  expect(res.statusCode).toBe(200);
  const [decoded] = (res.json() as { payloads: JSONPayload[] }).payloads;
  expect(defaultPayloadConverter.fromPayload(JSONToPayload(decoded))).toEqual({ contacts: [PHONE] });

  const plain = payloadToJSON(defaultPayloadConverter.toPayload({ text: 'from the UI' }));
  const enc = await post('/codec/encode', [plain], { authorization: `Bearer ${TOKEN}` });
  expect(enc.statusCode).toBe(200);
  const [sealed] = (enc.json() as { payloads: JSONPayload[] }).payloads;
  const payload = JSONToPayload(sealed);
  expect(Buffer.from(payload.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
  expect(defaultPayloadConverter.fromPayload((await codec.decode([payload]))[0])).toEqual({ text: 'from the UI' });
});

test('without a token, or with a wrong one: 401, nothing decoded', async () => {
  const body = [await encrypted(PHONE)];
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }] as Record<string, string>[]) {
    const res = await post('/codec/decode', body, headers);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('7011234567');
  }
  expect((await post('/codec/wrong-path-token/decode', body)).statusCode).toBe(401);
});

test('the codec-only path token opens the codec routes, and never appears in the log', async () => {
  const res = await post(`/codec/${PATH_TOKEN}/decode`, [await encrypted('x')]);
  expect(res.statusCode).toBe(200);
  // ... but not the rest of the API.
  expect((await inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${PATH_TOKEN}` } })).statusCode).toBe(401);
  expect(logLines.some((l) => l.includes('/codec/:token/decode 200'))).toBe(true);
  expect(logLines.join('\n')).not.toContain(PATH_TOKEN);
});

test('CORS: the Web UI origin gets a preflight grant, another origin none and its requests are refused', async () => {
  const preflight = (origin: string) =>
    inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
  const granted = await preflight(UI);
  expect(granted.statusCode).toBe(204);
  expect(granted.headers['access-control-allow-origin']).toBe(UI);
  expect(String(granted.headers['access-control-allow-headers'])).toMatch(/x-namespace/);
  expect(String(granted.headers['access-control-allow-headers'])).toMatch(/authorization/);

  const other = await preflight('http://evil.example');
  expect(other.headers['access-control-allow-origin']).toBeUndefined();

  const fromUi = await post('/codec/decode', [await encrypted('x')], { authorization: `Bearer ${TOKEN}`, origin: UI });
  expect(fromUi.statusCode).toBe(200);
  expect(fromUi.headers['access-control-allow-origin']).toBe(UI);
  const fromOther = await post('/codec/decode', [await encrypted(PHONE)], { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' });
  expect(fromOther.statusCode).toBe(403);
  expect(fromOther.headers['access-control-allow-origin']).toBeUndefined();
  expect(fromOther.body).not.toContain('7011234567');
});

test('no payloads, as proto3 JSON writes them (`{}`, what `temporal schedule update` without --input sends): an empty list back', async () => {
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-namespace': 'cars' };
  for (const direction of ['encode', 'decode']) {
    const res = await inject({ method: 'POST', url: `/codec/${direction}`, headers: auth, payload: {} });
    expect([res.statusCode, res.json()]).toEqual([200, { payloads: [] }]);
  }
  // A payload with empty data (a null) has no "data" field in proto3 JSON either.
  const nothing = await post('/codec/encode', [{ metadata: { encoding: Buffer.from('binary/null').toString('base64') } }], { authorization: `Bearer ${TOKEN}` });
  expect(nothing.statusCode).toBe(200);
  const [sealed] = (nothing.json() as { payloads: JSONPayload[] }).payloads;
  expect(defaultPayloadConverter.fromPayload((await codec.decode([JSONToPayload(sealed)]))[0])).toBeUndefined();
});

test('another namespace, a body that is no payload list, or a payload under an unknown key: clear errors', async () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const wrongNs = await post('/codec/decode', [await encrypted('x')], { ...auth, 'x-namespace': 'other' });
  expect([wrongNs.statusCode, (wrongNs.json() as { error: { code: string } }).error.code]).toEqual([400, 'wrong_namespace']);
  const notList = await inject({ method: 'POST', url: '/codec/decode', headers: { ...auth, 'content-type': 'application/json' }, payload: { payload: 1 } });
  expect([notList.statusCode, (notList.json() as { error: { code: string } }).error.code]).toEqual([400, 'invalid_payloads']);
  const foreign = new EncryptionCodec([{ id: 'elsewhere', key: Buffer.alloc(32, 7) }]);
  const unknownKey = await post('/codec/decode', [payloadToJSON((await foreign.encode([defaultPayloadConverter.toPayload(PHONE)]))[0])], auth);
  expect(unknownKey.statusCode).toBe(422);
  expect((unknownKey.json() as { error: { message: string } }).error.message).toContain('"elsewhere"');
});
