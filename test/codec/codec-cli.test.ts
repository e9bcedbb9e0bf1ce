/**
 * The codec endpoint as the real `temporal` CLI calls it (`--codec-endpoint`), against the run's
 * dev server: `temporal schedule update` on one of our schedules (input encrypted by our data
 * converter) decodes the schedule and encodes the new input through the endpoint. Without
 * `--input` the CLI sends `{}` (proto3 JSON's empty payload list) to `/encode`; the endpoint used
 * to answer that with a 400, and the CLI gave up after its retries.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApiServer } from '../../src/api/server';
import type { Store } from '../../src/db';
import { findBinary } from '../../src/temporal/binaries';
import { EncryptionCodec, ENCRYPTED_ENCODING } from '../../src/temporal/encryption-codec';
import { createLogger } from '../../src/observability/logger';
import { testCodecKeys } from '../harness/codec';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const run = promisify(execFile);
const TOKEN = 'codec-cli-test-token';

describe('temporal schedule update --codec-endpoint <our codec>', () => {
  let t: TestTemporal;
  let app: FastifyInstance;
  let endpoint: string;
  const requests: { url: string; status: number }[] = [];
  const cli = findBinary('cli');

  beforeAll(async () => {
    t = await openTestTemporal();
    app = buildApiServer({
      client: t.client,
      store: {} as Store,
      definitions: [],
      tokens: [TOKEN],
      readiness: {},
      log: createLogger('error', () => {}),
      codec: { payloadCodecs: [new EncryptionCodec(testCodecKeys())], namespace: t.namespace, corsOrigins: ['http://127.0.0.1:8233'] },
    });
    app.addHook('onResponse', async (request, reply) => {
      requests.push({ url: request.url, status: reply.statusCode });
    });
    endpoint = `${await app.listen({ host: '127.0.0.1', port: 0 })}/codec`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const temporal = (args: string[]) =>
    run(cli!, [...args, '--address', process.env.TEMPORAL_TEST_ADDRESS!, '--namespace', t.namespace, '--codec-endpoint', endpoint, '--codec-auth', `Bearer ${TOKEN}`], { timeout: 60_000 });

  test('without --input and with it: the update goes through, and the new input is stored encrypted', async () => {
    expect(cli).toBeDefined();
    const scheduleId = 'codec-cli-stats';
    const handle = await t.client.schedule.create({
      scheduleId,
      spec: { cronExpressions: ['0 * * * *'] },
      action: { type: 'startWorkflow', workflowType: 'collectStats', taskQueue: 'cars-bot', args: [{ periodHours: 24 }], memo: { definitionHash: 'h1' } },
      state: { paused: true },
    });

    // The case that failed: no --input, so the CLI encodes an empty list.
    await temporal(['schedule', 'update', '--schedule-id', scheduleId, '--cron', '*/30 * * * *', '--type', 'collectStats', '--task-queue', 'cars-bot']);
    expect(requests.filter((r) => r.url.endsWith('/encode'))).not.toHaveLength(0);
    expect(requests.filter((r) => r.status >= 400)).toEqual([]);

    await temporal(['schedule', 'update', '--schedule-id', scheduleId, '--cron', '*/15 * * * *', '--type', 'collectStats', '--task-queue', 'cars-bot', '--input', '{"periodHours": 12}']);
    expect(requests.filter((r) => r.status >= 400)).toEqual([]);

    // Our client (same keys) reads the CLI's input back; without the codec it is ciphertext.
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', args: [{ periodHours: 12 }] });
    const raw = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS! }), namespace: t.namespace });
    try {
      const res = await raw.workflowService.describeSchedule({ namespace: t.namespace, scheduleId });
      const payload = res.schedule?.action?.startWorkflow?.input?.payloads?.[0];
      expect(Buffer.from(payload?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(payload?.data ?? []).toString()).not.toContain('periodHours');
    } finally {
      await raw.connection.close();
    }
  });
});
