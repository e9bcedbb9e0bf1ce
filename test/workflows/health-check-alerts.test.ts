import { sql } from 'kysely';
import type { HealthCheckInput, HealthReport } from '../../src/common/health';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { Store } from '../../src/db';
import { failureProbe } from '../../src/activities/monitoring/failure-probe';
import { recordHistory } from '../harness/histories';
import { monitoringActivities } from '../harness/monitoring';
import { startPipelineParts, TEST_ADMIN_ID, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

/**
 * Alerts go out through Telegram, so the outages injected here are of other components: the
 * OpenAI emulator dropping every connection, and the database (probe and health ledger alike).
 */
describe('healthCheck alerts admins on a change of state, once', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let runs = 0;
  let databaseDown = false;

  const check = async (input: HealthCheckInput = {}, name = 'scheduled') => {
    const handle = await t.client.workflow.start('healthCheck', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `health-check-${name}-${++runs}`,
      args: [{ recheckAfterMs: 0, ...input }],
    });
    return { handle, report: (await handle.result()) as HealthReport };
  };
  const alerts = () => parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).map((m) => m.plainText);

  /** The store, with the health ledger failing like the database while `databaseDown`. */
  const ledgerStore = (store: Store): Store => {
    const down = () => {
      if (databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    return {
      ...store,
      recordHealth: async (...args) => (down(), store.recordHealth(...args)),
      confirmHealthAlerts: async (...args) => (down(), store.confirmHealthAlerts(...args)),
      releaseHealthAlerts: async (...args) => (down(), store.releaseHealthAlerts(...args)),
      adoptHealthAlerts: async (...args) => (down(), store.adoptHealthAlerts(...args)),
    };
  };

  beforeAll(async () => {
    [t, parts] = await Promise.all([openTestTemporal(), startPipelineParts()]);
    const activities = await monitoringActivities(parts, t, {
      store: ledgerStore(parts.store),
      probes: {
        temporal: () => t.client.workflowService.getSystemInfo({}),
        database: async () => {
          if (databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          return sql`select 1`.execute(parts.database.db);
        },
        openai: () => parts.openai.models.list(),
      },
    });
    await t.startWorkers(activities, { queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring, TASK_QUEUES.notifications] });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('all well: no alert', async () => {
    const { report } = await check();

    expect(report.healthy).toBe(true);
    expect(report.alerts).toEqual({ ledger: 'database', changes: [], sent: false });
    expect(alerts()).toEqual([]);
  });

  test('an outage is announced once, by one of two checks running at once, and not again while it lasts', async () => {
    parts.openaiEmulator.faults.configure({ outage: true });

    const both = await Promise.all([check({}, 'scheduled'), check({}, 'cli')]);
    const later = await check();

    const announcing = both.filter(({ report }) => report.alerts?.sent);
    expect(announcing).toHaveLength(1);
    expect(announcing[0].report.alerts).toMatchObject({ ledger: 'database', sent: true, recipients: 1, changes: [{ component: 'openai', from: 'ok', to: 'down' }] });
    expect(both.map(({ report }) => report.healthy)).toEqual([false, false]);
    expect(later.report.alerts).toMatchObject({ changes: [], sent: false });
    expect(alerts()).toEqual([expect.stringMatching(/^⚠️ Health check: 1 change\n• openai is DOWN since \d{4}-\d\d-\d\d \d\d:\d\d UTC: /)]);
    await recordHistory(announcing[0].handle, 'health-check-alert');
  });

  test('the recovery is announced once', async () => {
    parts.openaiEmulator.faults.reset();

    const first = await check();
    const second = await check();

    expect(first.report.alerts).toMatchObject({ sent: true, changes: [{ component: 'openai', from: 'down', to: 'ok' }] });
    expect(second.report.alerts).toMatchObject({ sent: false, changes: [] });
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toMatch(/• openai is OK again since/);
  });

  test('an alert Telegram refused is sent by the next check', async () => {
    parts.openaiEmulator.faults.configure({ outage: true });
    parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 403 } });

    const refused = await check({ components: ['openai'] });
    const next = await check({ components: ['openai'] });

    expect(refused.report.alerts).toMatchObject({ sent: false, changes: [{ component: 'openai', to: 'down' }], error: expect.stringContaining('AdminsUnreachable') });
    expect(next.report.alerts).toMatchObject({ sent: true, changes: [{ component: 'openai', to: 'down' }] });
    expect(alerts()).toHaveLength(3);
    parts.openaiEmulator.faults.reset();
    expect((await check({ components: ['openai'] })).report.alerts).toMatchObject({ sent: true, changes: [{ to: 'ok' }] });
    expect(alerts()).toHaveLength(4);
  });

  test('a database outage is announced once from the worker memory, and its end once the database is back', async () => {
    databaseDown = true;
    const first = await check({ components: ['database'] });
    const second = await check({ components: ['database'] });
    databaseDown = false;
    const back = await check({ components: ['database'] });
    const after = await check({ components: ['database'] });

    expect(first.report.alerts).toMatchObject({ ledger: 'memory', sent: true, changes: [{ component: 'database', from: 'ok', to: 'down', detail: expect.stringContaining('ECONNREFUSED') }] });
    expect(second.report.alerts).toMatchObject({ ledger: 'memory', sent: false, changes: [] });
    expect(back.report.alerts).toMatchObject({ ledger: 'database', sent: true, changes: [{ component: 'database', from: 'down', to: 'ok' }] });
    expect(after.report.alerts).toMatchObject({ ledger: 'database', sent: false, changes: [] });
    expect(alerts().slice(4)).toEqual([expect.stringContaining('database is DOWN'), expect.stringContaining('database is OK again')]);
  });
});

describe('many failed posts: one alert with the count and the top reasons', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let runs = 0;

  beforeAll(async () => {
    [t, parts] = await Promise.all([openTestTemporal(), startPipelineParts()]);
    const activities = await monitoringActivities(parts, t, {
      store: parts.store,
      probes: { failures: failureProbe(parts.store, { threshold: 2, windowMs: 15 * 60_000 }) },
    });
    await t.startWorkers(activities, { queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring, TASK_QUEUES.notifications] });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  const check = async () =>
    (await t.client.workflow.execute('healthCheck', { taskQueue: TASK_QUEUES.workflows, workflowId: `health-failures-${++runs}`, args: [{ components: ['failures'], recheckAfterMs: 0 }] })) as HealthReport;
  const alerts = () => parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).map((m) => m.plainText);
  let messageId = 0;
  const failPost = async (error: string) => {
    const { post } = await parts.store.upsertPost({ source: '@many_fail', messageId: ++messageId, text: `ad ${messageId}` });
    await parts.store.transitionPost(post.id, 'failed', { error });
  };

  test('up to the threshold: quiet; past it: one alert, not one per post nor one per check; then one all-clear', async () => {
    await failPost('OpenAiBadRequest: refused');
    await failPost('PublishFailed: chat not found');
    expect((await check()).checks[0]).toMatchObject({ component: 'failures', status: 'ok' });
    expect(alerts()).toEqual([]);

    await failPost('OpenAiBadRequest: refused again');
    await failPost('OpenAiBadRequest: and again');
    const down = await check();
    expect(down.checks[0]).toMatchObject({ component: 'failures', status: 'down' });
    await failPost('PostExpired: expired after 1 h');
    await check();
    expect(alerts()).toEqual([
      expect.stringMatching(/Posts are failing since .*: 4 posts failed in the last 15 min \(more than 2\): OpenAiBadRequest ×3, PublishFailed ×1\. See: cars-bot post retry --failed --since 15m/),
    ]);

    // Retried meanwhile: nothing failed any more.
    const { rows } = await sql<{ n: number }>`update posts set status = 'published' where status = 'failed' returning 1 as n`.execute(parts.database.db);
    expect(rows.length).toBe(5);
    await check();
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toMatch(/Post failures are back under the threshold/);
  });
});
