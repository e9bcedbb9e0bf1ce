// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

import { waitFor } from '../harness/wait-for';
import { AUTH, startApiHarness, type ApiHarness } from './api-harness';

describe('HTTP API: jobs, schedules and workflows', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness({ applySchedules: true });
  });
  afterAll(() => h?.close());

  const post = (url: string, payload?: object) => h.app.inject({ method: 'POST', url, headers: AUTH, ...(payload ? { payload } : {}) });
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: AUTH });

  test('run a job and wait: 200 with its result', async () => {
    const res = await post('/api/v1/jobs/health-check/run?wait=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      job: 'health-check',
      workflowType: 'healthCheck',
      workflowId: expect.stringMatching(/^health-check-manual-/),
      status: 'COMPLETED',
      result: { healthy: true, checks: expect.any(Array) },
    });
  });

  test('run a job without waiting: 202 with the workflow id, which GET /workflows/{id} follows to its result', async () => {
    const res = await post('/api/v1/jobs/healthCheck/run?wait=false');
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({ job: 'health-check', status: 'RUNNING', workflowId: expect.stringMatching(/^health-check-manual-/) });
    expect(res.headers.location).toBe(`/api/v1/workflows/${encodeURIComponent(run.workflowId)}`);

    const report = await waitFor(
      async () => {
        const body = (await get(`/api/v1/workflows/${run.workflowId}`)).json();
        return body.status === 'COMPLETED' ? body : undefined;
      },
      { timeoutMs: 20_000, what: 'the job run to complete' },
    );
    expect(report).toMatchObject({ workflowId: run.workflowId, runId: run.runId, type: 'healthCheck', taskQueue: 'cars-bot', result: { healthy: true }, closeTime: expect.any(String) });
  });

  test('waiting longer than the timeout: 504 with the workflow id of the run, which goes on', async () => {
    const started = Date.now();
    const res = await post('/api/v1/jobs/stuck-job/run?wait=true&timeout=300ms');
    expect(res.statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(10_000);
    const body = res.json();
    expect(body.error).toMatchObject({ code: 'timeout', details: { workflowId: expect.stringMatching(/^stuck-job-manual-/), runId: expect.any(String) } });
    const running = await get(`/api/v1/workflows/${body.error.details.workflowId}`);
    expect(running.statusCode).toBe(200);
    expect(running.json()).toMatchObject({ status: 'RUNNING', taskQueue: 'nobody-polls' });
    await h.t.client.workflow.getHandle(body.error.details.workflowId).terminate('test over');
  });

  test('the server default wait applies when no timeout is given', async () => {
    const app = h.build({ jobWaitTimeoutMs: 200 });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/jobs/stuck-job/run?wait=true', headers: AUTH });
      expect(res.statusCode).toBe(504);
      await h.t.client.workflow.getHandle(res.json().error.details.workflowId).terminate('test over');
    } finally {
      await app.close();
    }
  });

  test('unknown job 404 with the known names; bad parameters 400', async () => {
    const unknown = await post('/api/v1/jobs/make-coffee/run');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_job', details: { known: expect.arrayContaining(['health-check', 'healthCheck']) } });

    for (const query of ['wait=maybe', 'wait=true&timeout=forever', 'wait=true&timeout=11m']) {
      const res = await post(`/api/v1/jobs/health-check/run?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', details: { problems: [expect.objectContaining({ path: expect.any(String) })] } });
    }
  });

  test('schedules: list, pause with a note, resume, trigger', async () => {
    const list = await get('/api/v1/schedules');
    expect(list.statusCode).toBe(200);
    const byId = Object.fromEntries(list.json().schedules.map((s: { scheduleId: string }) => [s.scheduleId, s]));
    expect(byId['health-check']).toMatchObject({ declared: true, exists: true, managed: true, paused: false, workflowType: 'healthCheck', cron: ['*/5 * * * *'] });
    expect(byId['never-applied']).toMatchObject({ declared: true, exists: false });

    const paused = await post('/api/v1/schedules/health-check/pause', { note: 'maintenance window' });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toEqual({ scheduleId: 'health-check', paused: true, note: 'maintenance window' });
    expect((await h.t.client.schedule.getHandle('health-check').describe()).state.paused).toBe(true);

    const resumed = await post('/api/v1/schedules/health-check/resume');
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ scheduleId: 'health-check', paused: false, note: expect.stringMatching(/^Resumed by an operator/) });

    const before = (await h.t.client.schedule.getHandle('health-check').describe()).info.recentActions.length;
    const triggered = await post('/api/v1/schedules/health-check/trigger');
    expect(triggered.statusCode).toBe(202);
    expect(triggered.json()).toMatchObject({ scheduleId: 'health-check', overlap: 'SKIP' });
    await waitFor(async () => (await h.t.client.schedule.getHandle('health-check').describe()).info.recentActions.length > before, {
      timeoutMs: 15_000,
      what: 'the triggered run',
    });
  });

  test('schedules: unknown 404, declared but not on the server 409, bad note 400', async () => {
    const unknown = await post('/api/v1/schedules/nope/pause');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_schedule', details: { known: expect.arrayContaining(['health-check']) } });

    const notApplied = await post('/api/v1/schedules/never-applied/trigger');
    expect(notApplied.statusCode).toBe(409);
    expect(notApplied.json().error).toMatchObject({ code: 'schedule_unavailable', message: expect.stringContaining('schedules apply') });

    const badNote = await post('/api/v1/schedules/health-check/pause', { note: 42 });
    expect(badNote.statusCode).toBe(400);
    expect(badNote.json().error.details.problems).toEqual([{ path: 'note', message: expect.any(String) }]);
    expect((await h.t.client.schedule.getHandle('health-check').describe()).state.paused).toBe(false);
  });

  test('workflows: unknown 404, a workflow on a queue not ours 404', async () => {
    expect((await get('/api/v1/workflows/no-such-workflow')).statusCode).toBe(404);
    const foreign = await h.t.client.workflow.start('someoneElsesWorkflow', { taskQueue: 'someone-else', workflowId: 'foreign-1', args: [] });
    try {
      const res = await get('/api/v1/workflows/foreign-1');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'not_found', message: 'workflow foreign-1 not found', details: null } });
    } finally {
      await foreign.terminate('test over');
    }
  });
});
