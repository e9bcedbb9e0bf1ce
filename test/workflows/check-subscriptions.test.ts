import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TASK_QUEUES } from '../../src/common/task-queues';
import type { CheckSubscriptionsInput, CheckSubscriptionsResult } from '../../src/common/subscription-check';
import { recordHistory } from '../harness/histories';
import { monitoringActivities } from '../harness/monitoring';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const DAY = 24 * 3_600_000;

/** Subscribers, by what the check should do with them. */
const USERS = {
  ended: 501,
  endsInTwoDays: 502,
  endsInTenDays: 503,
  noEndDate: 504,
  blockedEndsTomorrow: 505,
  deactivatedEnded: 506,
} as const;

describe('checkSubscriptions on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let runs = 0;
  const now = Date.now();

  const run = (input?: CheckSubscriptionsInput) =>
    t.client.workflow.start('checkSubscriptions', { taskQueue: TASK_QUEUES.workflows, workflowId: `check-subscriptions-test-${++runs}`, args: input ? [input] : [] });
  const dms = (userId: number) => parts.telegramEmulator.sentMessages(userId).map((m) => m.plainText);

  beforeAll(async () => {
    [t, parts] = await Promise.all([openTestTemporal(), startPipelineParts()]);
    for (const id of Object.values(USERS)) parts.telegramEmulator.addUser({ id, first_name: `User ${id}` });
    parts.telegramEmulator.setBlocked(USERS.blockedEndsTomorrow, true);
    await parts.store.replaceSubscribers([
      { telegramUserId: USERS.ended, plan: 'month', expiresAt: new Date(now - DAY) },
      { telegramUserId: USERS.endsInTwoDays, plan: 'month', expiresAt: new Date(now + 2 * DAY) },
      { telegramUserId: USERS.endsInTenDays, plan: 'year', expiresAt: new Date(now + 10 * DAY) },
      { telegramUserId: USERS.noEndDate, plan: 'lifetime', expiresAt: null },
      { telegramUserId: USERS.blockedEndsTomorrow, plan: 'month', expiresAt: new Date(now + DAY) },
      { telegramUserId: USERS.deactivatedEnded, plan: 'month', expiresAt: new Date(now - 2 * DAY), active: false },
    ]);
    await t.startWorkers(await monitoringActivities(parts, t), { queues: [TASK_QUEUES.workflows, TASK_QUEUES.monitoring, TASK_QUEUES.notifications] });
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('expires ended subscriptions, tells their users, and warns those ending within 3 days', async () => {
    const handle = await run();
    const result = (await handle.result()) as CheckSubscriptionsResult;

    expect(result).toMatchObject({
      warnDaysBefore: 3,
      expired: { count: 1, userIds: [USERS.ended] },
      endNotices: { sent: [USERS.ended], undeliverable: [], failed: [] },
      warnings: { sent: [USERS.endsInTwoDays], undeliverable: [USERS.blockedEndsTomorrow], failed: [] },
      counts: { expired: 1, endNoticesSent: 1, warningsSent: 1, undeliverable: 1, failed: 0 },
    });
    expect(dms(USERS.ended)).toEqual([expect.stringContaining('Your subscription ended on')]);
    expect(dms(USERS.endsInTwoDays)).toEqual([expect.stringMatching(/Your subscription ends on .*\d{4}[\s\S]*Ваша подписка заканчивается/)]);
    for (const id of [USERS.endsInTenDays, USERS.noEndDate, USERS.blockedEndsTomorrow, USERS.deactivatedEnded]) expect(dms(id)).toEqual([]);

    expect((await parts.store.getSubscriber(USERS.ended))?.expiredAt).toBeInstanceOf(Date);
    expect(await parts.store.hasActiveSubscription(USERS.ended)).toBe(false);
    expect((await parts.store.getSubscriber(USERS.deactivatedEnded))?.expiredAt).toBeNull();
    const events = await parts.store.pendingEvents(100);
    expect(events.map((e) => [e.type, e.userId, e.payload.outcome])).toEqual(
      expect.arrayContaining([
        ['subscription.expired', USERS.ended, undefined],
        ['subscription.end_notice', USERS.ended, 'sent'],
        ['subscription.expiry_warning', USERS.endsInTwoDays, 'sent'],
        ['subscription.expiry_warning', USERS.blockedEndsTomorrow, 'undeliverable'],
      ]),
    );
    await recordHistory(handle, 'check-subscriptions');
  });

  test('a second run the same day sends nothing again', async () => {
    const result = (await (await run()).result()) as CheckSubscriptionsResult;

    expect(result.counts).toEqual({ expired: 0, endNoticesSent: 0, warningsSent: 0, undeliverable: 0, failed: 0 });
    expect(dms(USERS.ended)).toHaveLength(1);
    expect(dms(USERS.endsInTwoDays)).toHaveLength(1);
  });

  test('a renewal brings a new warning for the new end date, sent once by two runs at once', async () => {
    const renewed = new Date(now + 2.5 * DAY);
    await parts.store.replaceSubscribers([
      { telegramUserId: USERS.endsInTwoDays, plan: 'month', expiresAt: renewed },
      { telegramUserId: USERS.endsInTenDays, plan: 'year', expiresAt: new Date(now + 10 * DAY) },
      { telegramUserId: USERS.noEndDate, plan: 'lifetime', expiresAt: null },
    ]);

    const results = (await Promise.all([run(), run()].map(async (h) => (await h).result()))) as CheckSubscriptionsResult[];

    expect(results.flatMap((r) => r.warnings.sent)).toEqual([USERS.endsInTwoDays]);
    expect(dms(USERS.endsInTwoDays)).toHaveLength(2);
  });

  test('warnDaysBefore widens the warning window', async () => {
    const result = (await (await run({ warnDaysBefore: 14 })).result()) as CheckSubscriptionsResult;

    expect(result.warnings.sent).toEqual([USERS.endsInTenDays]);
    expect(dms(USERS.endsInTenDays)).toHaveLength(1);
  });

  test('bad input fails the run at once with a reason', async () => {
    const failure = await (await run({ warnDaysBefore: 0 })).result().catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'InvalidMonitoringInput', message: expect.stringContaining('warnDaysBefore: expected a whole number from 1 to 60, got 0') });
  });
});
