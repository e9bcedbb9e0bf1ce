/**
 * Personal data in Temporal, end to end, as `npm start` runs: its own dev server with the Web UI,
 * no CODEC_KEYS (so it makes a key under DATA_DIR and says so), the API, the workers and the
 * emulators, in a separate process. A post with a known phone goes through the pipeline; its
 * history, read from the server without our codec, shows neither the phone in any common form
 * nor any run of the post's text; the codec endpoint and the readers give them back.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { postWorkflowId } from '../../src/common/posts';
import { findBinary } from '../../src/temporal/binaries';
import { freePort } from '../../src/temporal/dev-server';
import { CODEC_KEY_FILE } from '../../src/temporal/local-codec-key';
import { ENCRYPTED_ENCODING } from '../../src/temporal/encryption-codec';
import { payloadsIn, rawHistoryJson, readableText, unencryptedPayloads } from '../harness/raw-history';
import { waitFor } from '../harness/wait-for';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const TOKEN = 'personal-data-test-token';
const MESSAGE_ID = 7001;
const TEXT =
  'Продаю Toyota Camry 2018 года, пробег 95 000 км, цена 12 500 000 тг, Алматы. Состояние отличное, один хозяин. Звоните +7 701 123 45 67 или пишите в WhatsApp 8 (701) 123-45-67';
/** The seller's phone in the forms people write it. */
const PHONE_FORMS = ['+77011234567', '77011234567', '87011234567', '7011234567', '+7 701 123 45 67', '701 123 45 67', '701-123-45-67', '(701) 123', '123 45 67', '123-45-67', '1234567'];

const phonesIn = (text: string): string[] => PHONE_FORMS.filter((form) => text.includes(form));
/** Every 20-character run of the post's text found in `text`. */
function textRunsIn(text: string): string[] {
  const runs: string[] = [];
  for (let i = 0; i + 20 <= TEXT.length; i++) if (text.includes(TEXT.slice(i, i + 20))) runs.push(TEXT.slice(i, i + 20));
  return runs;
}

let child: ChildProcessWithoutNullStreams;
let log = '';
let exited: Promise<number | null>;
let api: string;
let temporalAddress: string;
let uiUrl: string;
let dataDir: string;
let plain: Client;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-pii-'));
  const [devPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  temporalAddress = `127.0.0.1:${devPort}`;
  uiUrl = `http://127.0.0.1:${uiPort}`;
  api = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(devPort),
    TEMPORAL_UI_PORT: String(uiPort),
    API_PORT: String(apiPort),
    API_TOKENS: TOKEN,
    EMULATORS: 'on',
    PUBLISH_RATE_PER_MINUTE: '600',
    // Everything the stack can say, so the log check covers it all (the SDK's own lines too).
    LOG_LEVEL: 'debug',
  };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'CODEC_KEYS', 'CODEC_CORS_ORIGINS', 'DATABASE_URL']) delete env[name];
  child = spawn(tsx, ['src/cli/main.ts', 'start'], { cwd: root, env });
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  exited = new Promise((resolve) => child.on('exit', resolve));
  await waitFor(() => log.includes('Cars Bot is ready') || (child.exitCode !== null && Promise.reject(new Error(`npm start exited:\n${log.slice(-3000)}`))), {
    timeoutMs: 120_000,
    intervalMs: 200,
    what: 'npm start to be ready',
  });
  plain = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: 'default' });
}, 150_000);

afterAll(async () => {
  await plain?.connection.close();
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}, 60_000);

const auth = { authorization: `Bearer ${TOKEN}` };
const getJson = async (url: string, headers: Record<string, string> = auth) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const decodeAt = (endpoint: string, payloads: unknown[], headers: Record<string, string>) =>
  fetch(`${endpoint}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify({ payloads }) });

describe('a post with a seller phone, through npm start', () => {
  const workflowId = postWorkflowId('@cars_kz', MESSAGE_ID);
  let histories: Record<string, string>;

  beforeAll(async () => {
    const submitted = await fetch(`${api}/api/v1/posts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ source: '@cars_kz', messageId: MESSAGE_ID, text: TEXT }),
    });
    expect(submitted.status).toBe(202);
    // The API's reader decodes the workflow's result through the same converter.
    const report = await waitFor(
      async () => {
        const { body } = await getJson(`${api}/api/v1/posts/${workflowId}`);
        return (body.workflow as { status: string } | null)?.status === 'COMPLETED' ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the post to be processed' },
    );
    expect(report).toMatchObject({ status: 'published', fields: { make: 'Toyota' } });
    expect((report.fields as { contactCount: number }).contactCount).toBeGreaterThan(0);
    // Publishing runs inside the post's workflow: one history holds every step.
    histories = { [workflowId]: await rawHistoryJson(plain, workflowId) };
  }, 120_000);

  test('npm start made a codec key under DATA_DIR and said so', () => {
    const file = path.join(dataDir, CODEC_KEY_FILE);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(log).toContain(`made a key to encrypt Temporal payloads and kept it in ${file}`);
  });

  test('the raw history (every payload, failure and attribute, base64-decoded) holds no phone and no run of the text', async () => {
    for (const [name, json] of Object.entries(histories)) {
      const readable = readableText(json);
      expect([name, phonesIn(readable)]).toEqual([name, []]);
      expect([name, textRunsIn(readable)]).toEqual([name, []]);
      // Every payload but search attributes and patch markers (never encoded by Temporal) is ciphertext.
      expect([name, unencryptedPayloads(json, ENCRYPTED_ENCODING).map((p) => p.path)]).toEqual([name, []]);
    }
    // The execution's own record (memo, search attributes, summary) too.
    const description = await plain.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    const described = readableText(JSON.stringify(description.toJSON()));
    expect(phonesIn(described)).toEqual([]);
    expect(textRunsIn(described)).toEqual([]);
  });

  test('decoding the history through the codec endpoint (HTTP) gives the phone and the text back', async () => {
    const payloads = payloadsIn(histories[workflowId]).filter((p) => p.encoding === ENCRYPTED_ENCODING);
    const json = JSON.parse(histories[workflowId]) as unknown;
    const raw = payloadsAsJson(json);
    expect(raw.length).toBe(payloads.length);
    const res = await decodeAt(`${api}/codec`, raw, auth);
    expect(res.status).toBe(200);
    const decoded = readableText(await res.text());
    expect(decoded).toContain(TEXT);
    expect(phonesIn(decoded)).toEqual(expect.arrayContaining(['+7 701 123 45 67']));
  });

  test("the dev server's Web UI calls our codec endpoint, and from its origin it is granted", async () => {
    const settings = (await (await fetch(`${uiUrl}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    const endpoint = settings.Codec?.Endpoint ?? '';
    expect(endpoint).toMatch(new RegExp(`^${api}/codec/[\\w-]+$`));
    const raw = payloadsAsJson(JSON.parse(histories[workflowId]) as unknown);
    const preflight = await fetch(`${endpoint}/decode`, {
      method: 'OPTIONS',
      headers: { origin: uiUrl, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(uiUrl);
    const res = await decodeAt(endpoint, raw, { origin: uiUrl });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(uiUrl);
    // The UI's token opens the codec only, and is not in the log.
    const token = endpoint.split('/').at(-1) ?? '';
    expect((await getJson(`${api}/api/v1/stats`, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect(log).not.toContain(token);
  });

  test('the codec endpoint refuses a request without a token (401) and gives another origin no CORS grant', async () => {
    const raw = payloadsAsJson(JSON.parse(histories[workflowId]) as unknown);
    const anonymous = await decodeAt(`${api}/codec`, raw, {});
    expect(anonymous.status).toBe(401);
    expect(phonesIn(await anonymous.text())).toEqual([]);
    const preflight = await fetch(`${api}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const foreign = await decodeAt(`${api}/codec`, raw, { ...auth, origin: 'http://elsewhere.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('temporal workflow show: encrypted without the codec, readable with --codec-endpoint', () => {
    const cli = findBinary('cli');
    if (!cli) throw new Error('the temporal CLI is needed (npm test installs it)');
    const show = (...extra: string[]) =>
      spawnSync(cli, ['workflow', 'show', '--address', temporalAddress, '--workflow-id', workflowId, '--output', 'json', ...extra], { encoding: 'utf8' });
    const without = show();
    expect(without.status).toBe(0);
    expect(phonesIn(readableText(without.stdout))).toEqual([]);
    const withCodec = show('--codec-endpoint', `${api}/codec`, '--codec-auth', `Bearer ${TOKEN}`);
    expect(withCodec.status).toBe(0);
    const decoded = readableText(withCodec.stdout);
    expect(decoded).toContain(TEXT);
    expect(phonesIn(decoded)).toEqual(expect.arrayContaining(['+7 701 123 45 67', '+77011234567']));
  });

  test('post status (the CLI reader) decodes it, also after a key rotation that keeps the old key', () => {
    const oldKeys = fs.readFileSync(path.join(dataDir, CODEC_KEY_FILE), 'utf8').trim();
    const rotated = `rotated-2027:${Buffer.alloc(32, 9).toString('base64')},${oldKeys}`;
    const status = (keys: string) =>
      spawnSync(tsx, ['src/cli/main.ts', 'post', 'status', workflowId, '--json'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: 'default', CODEC_KEYS: keys, DATA_DIR: dataDir, DATABASE_URL: '' },
      });
    const after = status(rotated);
    expect(after.status).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'published', workflow: { status: 'COMPLETED' }, fields: { make: 'Toyota' } });
    // Without the old key the history can't be read, and the error names the key, not the data.
    const withoutOld = status(`rotated-2027:${Buffer.alloc(32, 9).toString('base64')}`);
    expect(withoutOld.status).not.toBe(0);
    expect(withoutOld.stderr).toContain(oldKeys.split(':')[0]);
    expect(phonesIn(withoutOld.stderr + withoutOld.stdout)).toEqual([]);
  }, 60_000);

  test("the stack's log for the run holds no phone digits and no run of the post's text", () => {
    expect(log).toContain('post submitted');
    expect(phonesIn(log)).toEqual([]);
    expect(textRunsIn(log)).toEqual([]);
  });
});

/** The history's payloads as proto3 JSON objects, as the Web UI sends them to the codec. */
function payloadsAsJson(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => payloadsAsJson(v, out));
  else if (value !== null && typeof value === 'object') {
    const obj = value as { metadata?: { encoding?: string; 'encryption-key-id'?: string }; data?: string };
    if (obj.metadata?.encoding === Buffer.from(ENCRYPTED_ENCODING).toString('base64')) out.push(obj);
    else Object.values(obj).forEach((v) => payloadsAsJson(v, out));
  }
  return out;
}
