// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

/**
 * The health check knows about workers: a stack without an AI worker takes a post, the post's
 * classify task waits on the `ai` queue, and the check (workflow, `cars-bot health`, the API's
 * `/health`) reports that queue with no worker, and the admins get one alert; once an AI worker
 * polls, the post is published and the check is healthy again (and the admins are told).
 */
import type { FastifyInstance } from 'fastify';
import { queueProbe } from '../../src/activities/monitoring/queue-probe';
import { buildApiServer } from '../../src/api/server';
import { runHealthCheck } from '../../src/client/latest-health';
import { startPostWorkflow } from '../../src/client/start-post';
import type { ComponentHealth, HealthReport } from '../../src/common/health';
import type { ProcessPostResult } from '../../src/common/posts';
import { ALL_TASK_QUEUES, TASK_QUEUES } from '../../src/common/task-queues';
import { createLogger } from '../../src/observability/logger';
import { describeTaskQueues } from '../../src/temporal/task-queue-status';
import { noDatabase } from '../api/api-harness';
import { runCli } from '../harness/cli';
import { monitoringActivities } from '../harness/monitoring';
import { startPipelineParts, TEST_ADMIN_ID, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

/** QUEUE_ALERT_AFTER for the test: work unpolled for 2 s is an alert. */
const ALERT_AFTER_MS = 2_000;
const TOKEN = 'health-test-token';

describe('health check: workers per task queue', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let api: FastifyInstance;
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE, database: process.env.DATABASE_URL };

  beforeAll(async () => {
    t = await openTestTemporal();
    parts = await startPipelineParts();
    const source = { workflowService: t.client.workflowService, namespace: t.namespace };
    const monitoring = await monitoringActivities(parts, t, { probes: { workers: queueProbe(source, { alertAfterMs: ALERT_AFTER_MS }) } });
    // Every queue but `ai`: nobody polls it in this namespace.
    await t.startWorkers({ ...parts.activities, monitoring: monitoring.monitoring }, { queues: ALL_TASK_QUEUES.filter((q) => q !== TASK_QUEUES.ai) });
    api = buildApiServer({ client: t.client, store: noDatabase, definitions: [], tokens: [TOKEN], readiness: {}, log: createLogger('error') });
    await api.ready();
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = t.namespace;
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries({ TEMPORAL_ADDRESS: saved.address, TEMPORAL_NAMESPACE: saved.namespace, DATABASE_URL: saved.database })) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await api?.close();
    await t?.close();
    await parts?.close();
  });

  let checks = 0;
  const check = () => runHealthCheck(t.client, { workflowId: `health-workers-${++checks}`, recheckAfterMs: 0 });
  const workersOf = (report: HealthReport): ComponentHealth => report.checks.find((c) => c.component === 'workers')!;
  const adminMessages = () => parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).map((m) => m.plainText);

  test('no AI worker: the ai queue is reported with no worker, with a clear reason, and the admins are alerted; with one it is healthy', async () => {
    const started = await startPostWorkflow(t.client, { source: '@cars_kz', messageId: 8101, text: 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы', date: '2026-11-20T09:12:00Z' });
    // The classify task waits on `ai` until it has waited longer than the alert delay.
    await waitFor(
      async () => {
        const ai = (await describeTaskQueues({ workflowService: t.client.workflowService, namespace: t.namespace })).find((q) => q.taskQueue === TASK_QUEUES.ai);
        return ai && ai.backlog > 0 && ai.oldestAgeMs > ALERT_AFTER_MS;
      },
      { timeoutMs: 30_000, what: 'a task waiting on the ai queue for longer than the alert delay' },
    );

    const down = await check();
    expect(down.healthy).toBe(false);
    const workers = workersOf(down);
    expect(workers.status).toBe('down');
    expect(workers.detail).toMatch(/^ai: 1 activity tasks waiting, the oldest for \d+s, and no worker is polling \(no worker has polled it lately\): start one with cars-bot worker --queues ai$/);
    const ai = workers.queues!.find((q) => q.taskQueue === 'ai')!;
    expect(ai).toMatchObject({ kind: 'activity', backlog: 1, pollers: [], livePollers: 0, status: 'no worker' });
    // The queues that have workers are reported with their pollers.
    const workflowQueue = workers.queues!.find((q) => q.taskQueue === TASK_QUEUES.workflows && q.kind === 'workflow')!;
    expect(workflowQueue.status).toBe('ok');
    expect(workflowQueue.livePollers).toBeGreaterThan(0);
    expect(workflowQueue.pollers[0]).toMatchObject({ identity: expect.any(String), lastAccessTime: expect.any(String) });
    expect(workers.queues!.map((q) => `${q.taskQueue}/${q.kind}`)).toEqual(expect.arrayContaining(['cars-bot/workflow', 'ai/activity', 'publishing/activity', 'monitoring/activity']));
    await waitFor(() => adminMessages().some((m) => m.includes('workers is DOWN') && m.includes('ai: 1 activity tasks waiting')), { timeoutMs: 10_000, what: 'the admins alerted about the ai queue' });

    // The same in the CLI and the API.
    const cli = await runCli('health');
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/^UNHEALTHY/);
    expect(cli.out).toMatch(/\n {2}workers +down .*ai: 1 activity tasks waiting/);
    expect(cli.out).toMatch(/\n {4}ai +activity +1 +\d+s +0\/0 +never +no worker\n/);
    const fromApi = await api.inject({ method: 'GET', url: '/api/v1/health?fresh=true', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(fromApi.statusCode).toBe(503);
    expect(fromApi.json()).toMatchObject({ healthy: false, ranNow: true, checks: expect.arrayContaining([expect.objectContaining({ component: 'workers', status: 'down' })]) });
    expect((await api.inject({ method: 'GET', url: '/api/v1/health?fresh=maybe', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(400);

    // An AI worker comes: the post goes through, and the queue is healthy again.
    await t.startWorkers(parts.activities, { queues: [TASK_QUEUES.ai] });
    expect(((await t.client.workflow.getHandle(started.workflowId).result()) as ProcessPostResult).status).toBe('published');
    const healthy = await waitFor(
      async () => {
        const report = await check();
        return workersOf(report).status === 'ok' ? report : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the workers component healthy again' },
    );
    expect(healthy.healthy).toBe(true);
    expect(workersOf(healthy).detail).toBeUndefined();
    const aiAgain = workersOf(healthy).queues!.find((q) => q.taskQueue === 'ai')!;
    expect(aiAgain.status).toBe('ok');
    expect(aiAgain.livePollers).toBeGreaterThan(0);
    await waitFor(() => adminMessages().some((m) => m.includes('workers is OK again')), { timeoutMs: 10_000, what: 'the admins told the workers are back' });
    const ok = await api.inject({ method: 'GET', url: '/api/v1/health?fresh=true', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });
});
