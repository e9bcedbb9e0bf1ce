/**
 * The logs an operator reads: JSON lines from pino; the SDK's lines routed at our level, so an
 * activity's `log.info` shows at LOG_LEVEL=info; one outcome line per post with its workflow id,
 * step, attempt and duration and none of the post's personal data; and workflow lines that a
 * replay does not repeat.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { Runtime, Worker, type Logger as SdkLogger } from '@temporalio/worker';
import { startPostWorkflow } from '../../src/client/start-post';
import type { PostInput } from '../../src/common/posts';
import { createLogger } from '../../src/observability/logger';
import { sdkLogger } from '../../src/observability/runtime';
import { testDataConverter } from '../harness/codec';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, sharedWorkflowBundle, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

const PHONE = '+7 701 123 45 67';
const CAMRY = `Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. 12 500 000 тг, Алматы, ${PHONE}, Ержан`;
/** Every way the phone could be written into a line. */
const PHONE_FORMS = ['701 123 45 67', '7011234567', '77011234567', '701-123-45-67'];

type Line = Record<string, unknown> & { level: string; msg: string; time: string };
const parse = (lines: string[]): Line[] => lines.map((l) => JSON.parse(l) as Line);

describe('createLogger and the SDK logger', () => {
  test('a line is one JSON object: level, ISO time, msg, fields; errors keep their message', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('not shown at info');
    log.info('ready', { port: 3000 });
    log.warn('send failed', { error: new Error('socket hang up') });
    expect(lines).toHaveLength(2);
    const [ready, failed] = parse(lines);
    expect(ready).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), port: 3000, msg: 'ready' });
    expect(failed).toMatchObject({ level: 'warn', msg: 'send failed', error: { type: 'Error', message: 'socket hang up' } });
  });

  test('pretty lines for a person; JSON for everything else', () => {
    const lines: string[] = [];
    createLogger('info', { format: 'pretty', write: (l) => lines.push(l) }).info('Cars Bot is ready', { apiUrl: 'http://127.0.0.1:3000' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Cars Bot is ready/);
    expect(() => JSON.parse(lines[0])).toThrow();
  });

  test.each([
    ['info', { activity: true, workflow: true, worker: false, workerWarn: true, expectedWarning: false }],
    ['debug', { activity: true, workflow: true, worker: true, workerWarn: true, expectedWarning: true }],
    ['warn', { activity: false, workflow: false, worker: false, workerWarn: true, expectedWarning: false }],
  ] as const)('at LOG_LEVEL=%s the SDK lines shown are %j', (level, shown) => {
    const lines: string[] = [];
    const sdk = sdkLogger(createLogger(level, (l) => lines.push(l)), level);
    sdk.info('activity says', { sdkComponent: 'activity', taskToken: 'opaque' });
    sdk.info('workflow says', { sdkComponent: 'workflow' });
    sdk.info('Worker state changed', { sdkComponent: 'worker' });
    sdk.warn('worker warns', { sdkComponent: 'worker' });
    sdk.warn('No activities registered, not polling for activity tasks', { sdkComponent: 'worker' });
    sdk.trace('never', { sdkComponent: 'activity' });
    const msgs = parse(lines).map((l) => l.msg);
    expect({
      activity: msgs.includes('activity says'),
      workflow: msgs.includes('workflow says'),
      worker: msgs.includes('Worker state changed'),
      workerWarn: msgs.includes('worker warns'),
      expectedWarning: msgs.includes('No activities registered, not polling for activity tasks'),
    }).toEqual(shown);
    expect(msgs).not.toContain('never');
    expect(lines.join('\n')).not.toContain('opaque');
  });
});

describe('the logs of posts run through the pipeline', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  /** What LOG_LEVEL=info shows, and what LOG_LEVEL=debug shows, of the same run. */
  const atInfo: string[] = [];
  const atDebug: string[] = [];
  let previous: SdkLogger;
  let messageId = 5000;
  const post = (text: string): PostInput => ({ source: '@cars_logs', messageId: ++messageId, text, date: '2026-11-20T09:12:00Z' });

  beforeAll(async () => {
    // The runtime the test setup installed keeps its native side; its logger becomes the product's,
    // fanned out to both levels. Workers take the runtime's logger when they are created.
    const runtime = Runtime.instance() as { logger: SdkLogger };
    previous = runtime.logger;
    const info = sdkLogger(createLogger('info', (l) => atInfo.push(l)), 'info');
    const debug = sdkLogger(createLogger('debug', (l) => atDebug.push(l)), 'debug');
    runtime.logger = {
      log: (level, message, meta) => (info.log(level, message, meta), debug.log(level, message, meta)),
      trace: (m, meta) => (info.trace(m, meta), debug.trace(m, meta)),
      debug: (m, meta) => (info.debug(m, meta), debug.debug(m, meta)),
      info: (m, meta) => (info.info(m, meta), debug.info(m, meta)),
      warn: (m, meta) => (info.warn(m, meta), debug.warn(m, meta)),
      error: (m, meta) => (info.error(m, meta), debug.error(m, meta)),
    };
    t = await openTestTemporal();
    parts = await startPipelineParts();
    // No workflow cache: every workflow task replays the history before it, so a line logged
    // during a replay would show up again.
    await t.startWorkers(parts.activities, { overrides: { maxCachedWorkflows: 0 } });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
    (Runtime.instance() as { logger: SdkLogger }).logger = previous;
  });

  const outcomeOf = (lines: string[], workflowId: string) => waitFor(() => parse(lines).find((l) => l.msg === 'post outcome' && l.workflowId === workflowId), { timeoutMs: 10_000, what: `the outcome line of ${workflowId}` });

  test('a published post with a phone: activity info lines at info, one JSON outcome line, no phone, text or seller anywhere', async () => {
    const { workflowId } = await startPostWorkflow(t.client, post(CAMRY));
    await t.client.workflow.getHandle(workflowId).result();

    const outcome = await outcomeOf(atInfo, workflowId);
    expect(outcome).toMatchObject({ level: 'info', msg: 'post outcome', outcome: 'published', workflowId, step: 'publish', attempt: 1, workflowType: 'processPost', sdkComponent: 'workflow' });
    expect(outcome.durationMs).toEqual(expect.any(Number));
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(outcome.postId).toEqual(expect.any(Number));

    // The publishing activity's `log.info`, at LOG_LEVEL=info, with the activity's attributes.
    const ours = parse(atInfo).filter((l) => l.workflowId === workflowId);
    expect(ours.find((l) => l.msg === 'sendListing attempt started')).toMatchObject({ level: 'info', sdkComponent: 'activity', activityType: 'sendListing', attempt: 1 });
    // The SDK's own info lines (worker state, bundler) stay at debug.
    expect(parse(atInfo).filter((l) => l.level === 'info' && l.sdkComponent === 'worker')).toEqual([]);
    expect(parse(atInfo).filter((l) => l.msg === 'post outcome' && l.workflowId === workflowId)).toHaveLength(1);

    const all = [...atInfo, ...atDebug].join('\n');
    for (const form of PHONE_FORMS) expect(all).not.toContain(form);
    expect(all).not.toContain('Продаю');
    expect(all).not.toContain('Ержан');
  });

  test('each workflow line is logged once though every task replays the ones before it, and a full replay logs nothing', async () => {
    const { workflowId } = await startPostWorkflow(t.client, post(`Продаю Hyundai Accent 2015, 120 000 км, 1.6 бензин, механика. 5 900 000 тг, Шымкент, ${PHONE}`));
    const handle = t.client.workflow.getHandle(workflowId);
    await handle.result();
    await outcomeOf(atDebug, workflowId);
    const steps = parse(atDebug).filter((l) => l.workflowId === workflowId && l.msg === 'post step').map((l) => l.step);
    expect(steps).toEqual(['classify', 'extract', 'describe', 'publish']);
    expect(parse(atDebug).filter((l) => l.workflowId === workflowId && l.msg === 'post outcome')).toHaveLength(1);

    const before = atDebug.length;
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ ...sharedWorkflowBundle(), dataConverter: testDataConverter() }, history, workflowId);
    expect(parse(atDebug.slice(before)).filter((l) => l.sdkComponent === 'workflow')).toEqual([]);
  });

  test('a failed post: one outcome line at warn with the step and the failure type', async () => {
    parts.openaiEmulator.faults.configure({ failNext: { count: 1, status: 400 }, only: ['extract'] });
    try {
      const { workflowId } = await startPostWorkflow(t.client, post(`Продаю Kia Rio 2019, 60 000 км, 1.6 бензин, автомат. 7 800 000 тг, Астана, ${PHONE}`));
      await expect(t.client.workflow.getHandle(workflowId).result()).rejects.toBeInstanceOf(WorkflowFailedError);
      const outcome = await outcomeOf(atInfo, workflowId);
      expect(outcome).toMatchObject({ level: 'warn', outcome: 'failed', step: 'extract', failureType: 'PostFailed', attempt: 1 });
      expect(parse(atInfo).filter((l) => l.msg === 'post outcome' && l.workflowId === workflowId)).toHaveLength(1);
      // The SDK's own line on the failed run carries the failure from the workflow's sandbox, readable.
      expect(parse(atInfo).find((l) => l.msg === 'Workflow failed' && l.workflowId === workflowId)).toMatchObject({ level: 'warn', error: { message: expect.stringContaining('failed at extract') } });
    } finally {
      parts.openaiEmulator.faults.reset();
    }
  });
});
