/**
 * The worker health endpoint (`WORKER_HEALTH_PORT`, compose's healthcheck) on the real dev
 * server: 200 while the workers poll, 503 with the reason once they can't — stopped, the
 * namespace unknown to the server, or the server not answering in time.
 */
import { startHealthServer, type RunningHealthServer } from '../../src/workers/health-server';
import { checkWorkerHealth, type ServerProbe, type WorkerHealthReport } from '../../src/workers/worker-health';
import { openTestTemporal, type RunningWorkers, type TestTemporal } from '../harness/temporal';

let t: TestTemporal;
let workers: RunningWorkers;
let server: RunningHealthServer | undefined;

beforeAll(async () => {
  t = await openTestTemporal();
  workers = await t.startWorkers({ ai: { noop: async () => undefined }, monitoring: { noop: async () => undefined } }, { queues: ['ai', 'monitoring'] });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(async () => {
  await t.close();
});

const probeNamespace = (namespace: string): ServerProbe => () => t.connection.workflowService.describeNamespace({ namespace });

async function get(url: string): Promise<{ status: number; body: WorkerHealthReport & { status: string } }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as WorkerHealthReport & { status: string } };
}

test('answers 200 with every queue while the workers poll, and 503 naming an unknown namespace', async () => {
  server = await startHealthServer({ host: '127.0.0.1', port: 0, check: () => checkWorkerHealth(workers.workers, probeNamespace(t.namespace)) });
  const healthy = await get(server.url);
  expect(healthy.status).toBe(200);
  expect(healthy.body).toMatchObject({ status: 'ok', ok: true, temporal: { ok: true } });
  expect(healthy.body.queues.map((q) => [q.taskQueue, q.state, q.ok])).toEqual([
    ['ai', 'RUNNING', true],
    ['monitoring', 'RUNNING', true],
  ]);
  expect((await fetch(server.url.replace('/healthz', '/other'))).status).toBe(404);

  const wrong = await checkWorkerHealth(workers.workers, probeNamespace('no-such-namespace'));
  expect(wrong.ok).toBe(false);
  expect(wrong.temporal.problem).toMatch(/^Temporal did not answer: .*no-such-namespace/);
});

test('a server that does not answer in time is unhealthy, with the reason', async () => {
  const report = await checkWorkerHealth(workers.workers, () => new Promise(() => undefined), 200);
  expect(report).toMatchObject({ ok: false, temporal: { ok: false, problem: 'Temporal did not answer: no answer within 200 ms' } });
  expect(report.queues.every((q) => q.ok)).toBe(true);
});

test('stopped workers answer 503 with their state', async () => {
  server = await startHealthServer({ host: '127.0.0.1', port: 0, check: () => checkWorkerHealth(workers.workers, probeNamespace(t.namespace)) });
  await workers.stop();
  const stopped = await get(server.url);
  expect(stopped.status).toBe(503);
  expect(stopped.body.status).toBe('unhealthy');
  expect(stopped.body.queues).toEqual([
    { taskQueue: 'ai', state: 'STOPPED', ok: false, problem: 'worker is STOPPED' },
    { taskQueue: 'monitoring', state: 'STOPPED', ok: false, problem: 'worker is STOPPED' },
  ]);
});
