// Fastify's inject (light-my-request) requires the ESM-only `cookie` only to encode request cookies, which
// these tests never send; Jest's CommonJS loader can't load ESM, so that one function is provided here.
jest.mock('cookie', () => ({ stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}` }));

/**
 * Delayed starts (Celery's countdown and eta) through the API and the CLI, on the run's dev
 * server: the post's workflow exists at once, says "scheduled for …", and nothing of it runs
 * before that time — read from the workflow's own history, where the server stamps each event.
 */
import { temporal } from '@temporalio/proto';
import type { ProcessPostResult } from '../../src/common/posts';
import { parseDelay, resolveStartDelay, StartDelayError } from '../../src/common/start-delay';
import { runCli } from '../harness/cli';
import { AUTH, startApiHarness, type ApiHarness } from './api-harness';

const EventType = temporal.api.enums.v1.EventType;
const CAMRY = 'Продаю Toyota Camry 2019, 61 000 км, 2.5 бензин, автомат. 14 900 000 тг, Алматы, +7 701 555 66 77';

let messageId = 7000;
const nextPost = (text = CAMRY) => ({ source: '@later_cars', messageId: ++messageId, text: `${text} #${messageId}` });

describe('start delays: parsing', () => {
  test('durations and times, and what is refused', () => {
    expect(parseDelay('30s')).toBe(30_000);
    expect(parseDelay('1h30m')).toBe(5_400_000);
    expect(parseDelay('2d')).toBe(172_800_000);
    const now = new Date('2026-12-02T05:00:00Z');
    expect(resolveStartDelay({ notBefore: '2026-12-02T12:00:00+05:00' }, now)).toEqual({ delayMs: 2 * 3_600_000, notBefore: new Date('2026-12-02T07:00:00Z') });
    expect(resolveStartDelay({ notBefore: '2026-12-01T00:00:00Z' }, now)).toBeUndefined(); // past: start now
    expect(resolveStartDelay({}, now)).toBeUndefined();
    expect(() => resolveStartDelay({ delay: '30' })).toThrow(/delay: "30" is not a duration: expected e.g. 30s/);
    expect(() => resolveStartDelay({ notBefore: '2026-12-02 07:00' })).toThrow(/notBefore: .* expected ISO 8601 with its offset/);
    expect(() => resolveStartDelay({ delay: '31d' })).toThrow(/at most 30 days/);
    expect(() => resolveStartDelay({ delay: '1s', notBefore: '2026-12-02T07:00:00Z' })).toThrow(StartDelayError);
  });
});

describe('start delays on the dev server', () => {
  let h: ApiHarness;
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE, databaseUrl: process.env.DATABASE_URL };

  beforeAll(async () => {
    h = await startApiHarness({ pipeline: true });
    process.env.TEMPORAL_ADDRESS = process.env.TEMPORAL_TEST_ADDRESS;
    process.env.TEMPORAL_NAMESPACE = h.t.namespace;
    // The CLI reads posts from Temporal here, not from a PostgreSQL server the suite may point at.
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    for (const [name, value] of [['TEMPORAL_ADDRESS', saved.address], ['TEMPORAL_NAMESPACE', saved.namespace], ['DATABASE_URL', saved.databaseUrl]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await h?.close();
  });

  const submit = (payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/posts', headers: AUTH, payload });
  const get = (id: string) => h.app.inject({ method: 'GET', url: `/api/v1/posts/${id}`, headers: AUTH });

  /** When the server started the run's first workflow task and its classification: nothing of the post ran before the first. */
  async function startedTimes(workflowId: string): Promise<{ firstTask: number; classify: number }> {
    const history = await h.t.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const time = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
    const firstTask = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)!;
    const classify = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && e.activityTaskScheduledEventAttributes?.activityType?.name === 'classifyPost')!;
    return { firstTask: time(firstTask), classify: time(classify) };
  }

  test('POST /posts with delay: 202 "scheduled for", nothing runs before it, then the post is processed', async () => {
    const post = nextPost();
    const before = Date.now();
    const res = await submit({ ...post, delay: '4s' });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ workflowId: `post-later_cars-${post.messageId}`, status: 'received', created: true });
    const scheduledFor = new Date(body.scheduledFor).getTime();
    expect(scheduledFor).toBeGreaterThanOrEqual(before + 4_000);
    expect(scheduledFor).toBeLessThan(Date.now() + 4_000 + 1_000);

    // While it waits: the report says when it begins; the workflow is there, untouched.
    const waiting = await get(body.workflowId);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.json()).toMatchObject({ status: 'received', scheduledFor: expect.any(String), progress: null, workflow: { status: 'RUNNING' } });
    expect(Math.abs(new Date(waiting.json().scheduledFor).getTime() - scheduledFor)).toBeLessThan(1_000);
    const cli = await runCli('post', 'status', body.workflowId);
    expect(cli.out).toContain(`Scheduled for ${waiting.json().scheduledFor.slice(0, 10)} ${waiting.json().scheduledFor.slice(11, 19)} UTC`);
    // The same post again finds the waiting workflow rather than starting another.
    const again = await submit({ ...post, delay: '4s' });
    expect(again.json()).toMatchObject({ workflowId: body.workflowId, created: false });

    const result = (await h.t.client.workflow.getHandle(body.workflowId).result()) as ProcessPostResult;
    expect(result.status).toBe('published');
    const times = await startedTimes(body.workflowId);
    // The server's clock stamps the events; allow it a little against ours.
    expect(times.firstTask).toBeGreaterThanOrEqual(scheduledFor - 250);
    expect(times.classify).toBeGreaterThanOrEqual(times.firstTask);
    const done = await get(body.workflowId);
    expect(done.json()).toMatchObject({ status: 'published', scheduledFor: null });
  }, 60_000);

  test('notBefore: a time ahead waits for it, one already past starts now; bad values are 400 naming the field', async () => {
    const ahead = new Date(Date.now() + 60_000).toISOString();
    const later = await submit({ ...nextPost(), notBefore: ahead });
    expect(later.statusCode).toBe(202);
    expect(Math.abs(new Date(later.json().scheduledFor).getTime() - new Date(ahead).getTime())).toBeLessThan(1_000);
    const description = await h.t.client.workflow.getHandle(later.json().workflowId).describe();
    expect(Math.abs(description.executionTime!.getTime() - new Date(ahead).getTime())).toBeLessThan(1_000);
    await h.t.client.workflow.getHandle(later.json().workflowId).terminate('checked');

    const past = await submit({ ...nextPost(), notBefore: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(202);
    expect(past.json().scheduledFor).toBeUndefined();

    const bad = await submit({ ...nextPost(), delay: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_delay', details: { problems: [{ path: 'delay' }] } });
    expect(bad.json().error.message).toContain('expected e.g. 30s, 15m, 1h30m or 2d');
    const both = await submit({ ...nextPost(), delay: '1m', notBefore: ahead });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain('give delay or notBefore, not both');
    const noZone = await submit({ ...nextPost(), notBefore: '2026-12-02T07:00:00' });
    expect(noZone.json().error.details.problems[0].path).toBe('notBefore');
  });

  test('POST /jobs/{name}/run?delay= and job run --delay: the run is scheduled, visible as its execution time', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/jobs/health-check/run?delay=10m', headers: AUTH });
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(new Date(run.scheduledFor).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const described = await h.t.client.workflow.getHandle(run.workflowId).describe();
    expect(Math.abs(described.executionTime!.getTime() - new Date(run.scheduledFor).getTime())).toBeLessThan(1_000);
    expect(described.historyLength).toBeLessThanOrEqual(2); // started, nothing else
    await h.t.client.workflow.getHandle(run.workflowId).terminate('checked');

    const cli = await runCli('job', 'run', 'health-check', '--delay', '10m');
    expect(cli.code).toBe(0);
    const m = /^Scheduled healthCheck for (\S+): (\S+) \(run /.exec(cli.out);
    expect(m).not.toBeNull();
    expect((await h.t.client.workflow.getHandle(m![2]).describe()).executionTime?.toISOString().slice(0, 16)).toBe(m![1].slice(0, 16));
    await h.t.client.workflow.getHandle(m![2]).terminate('checked');

    const bad = await runCli('job', 'run', 'health-check', '--not-before', 'tomorrow');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--not-before: "tomorrow" is not a time');
  });

  test('post submit --delay prints when each post begins', async () => {
    const post = nextPost();
    const out = await runCli('post', 'submit', '--json', JSON.stringify(post), '--delay', '1h');
    expect(out.code).toBe(0);
    expect(out.out).toMatch(new RegExp(`^post-later_cars-${post.messageId}  scheduled for \\d{4}-\\d{2}-\\d{2}T`));
    await h.t.client.workflow.getHandle(`post-later_cars-${post.messageId}`).terminate('checked');
  });
});
