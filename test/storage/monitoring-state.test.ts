import { sql } from 'kysely';
import { BACKENDS, useTestStore } from './backends';

const DAY = 24 * 3_600_000;

describe.each(BACKENDS)('monitoring state on $name', (backend) => {
  const t = useTestStore(backend);
  beforeEach(async () => {
    await sql`truncate table health_states, subscription_notices`.execute(t.db);
  });

  describe('health states', () => {
    const lease = { leaseMs: 60_000 };

    it('claims a change for one check only, until it is confirmed', async () => {
      expect(await t.store.recordHealth([{ component: 'openai', status: 'ok' }], { claimant: 'a', ...lease })).toEqual([]);

      const claimed = await t.store.recordHealth([{ component: 'openai', status: 'down', detail: 'Connection error.' }], { claimant: 'a', ...lease });
      const other = await t.store.recordHealth([{ component: 'openai', status: 'down', detail: 'Connection error.' }], { claimant: 'b', ...lease });
      const again = await t.store.recordHealth([{ component: 'openai', status: 'down' }], { claimant: 'a', ...lease });

      expect(claimed).toEqual([{ component: 'openai', status: 'down', alertedStatus: 'ok', detail: 'Connection error.', changedAt: expect.any(Date) }]);
      expect(other).toEqual([]);
      expect(again.map((c) => c.changedAt)).toEqual(claimed.map((c) => c.changedAt));
      expect(await t.store.confirmHealthAlerts('b', [{ component: 'openai', status: 'down' }])).toBe(0);
      expect(await t.store.confirmHealthAlerts('a', [{ component: 'openai', status: 'down' }])).toBe(1);
      expect(await t.store.recordHealth([{ component: 'openai', status: 'down' }], { claimant: 'b', ...lease })).toEqual([]);
      expect(await t.store.recordHealth([{ component: 'openai', status: 'ok' }], { claimant: 'b', ...lease })).toMatchObject([{ status: 'ok', alertedStatus: 'down' }]);
    });

    it('gives a released or lapsed claim to the next check', async () => {
      await t.store.recordHealth([{ component: 'sheets', status: 'down' }], { claimant: 'a', ...lease });
      expect(await t.store.releaseHealthAlerts('a')).toBe(1);
      expect(await t.store.recordHealth([{ component: 'sheets', status: 'down' }], { claimant: 'b', leaseMs: 1 })).toHaveLength(1);
      await sql`update health_states set alert_claimed_until = now() - interval '1 second'`.execute(t.db);
      expect(await t.store.recordHealth([{ component: 'sheets', status: 'down' }], { claimant: 'c', ...lease })).toHaveLength(1);
    });

    it('adopts alerts sent while it was away, for components new and known', async () => {
      await t.store.recordHealth([{ component: 'telegram', status: 'ok' }], { claimant: 'a', ...lease });
      await t.store.adoptHealthAlerts([
        { component: 'database', status: 'down' },
        { component: 'telegram', status: 'down' },
      ]);

      const claims = await t.store.recordHealth(
        [
          { component: 'database', status: 'ok' },
          { component: 'telegram', status: 'ok' },
        ],
        { claimant: 'b', ...lease },
      );
      expect(claims.map((c) => [c.component, c.alertedStatus, c.status])).toEqual([
        ['database', 'down', 'ok'],
        ['telegram', 'down', 'ok'],
      ]);
    });
  });

  describe('subscription notices', () => {
    const now = Date.now();
    const ends = new Date(now + 2 * DAY);
    const warning = { telegramUserId: 42, kind: 'expiry_warning' as const, expiresAt: ends };

    it('hands a notice to one run, and never again once settled', async () => {
      expect(await t.store.claimSubscriptionNotices([warning], { claimant: 'a', leaseMs: 60_000 })).toEqual([warning]);
      expect(await t.store.claimSubscriptionNotices([warning], { claimant: 'b', leaseMs: 60_000 })).toEqual([]);
      expect(await t.store.settleSubscriptionNotice(warning, { claimant: 'b', outcome: 'sent' })).toBe(false);
      expect(await t.store.settleSubscriptionNotice(warning, { claimant: 'a', outcome: 'sent' })).toBe(true);
      expect(await t.store.settleSubscriptionNotice(warning, { claimant: 'a', outcome: 'sent' })).toBe(false);
      await sql`update subscription_notices set claimed_until = now() - interval '1 second'`.execute(t.db);
      expect(await t.store.claimSubscriptionNotices([warning], { claimant: 'c', leaseMs: 60_000 })).toEqual([]);
      expect(await t.store.claimSubscriptionNotices([{ ...warning, expiresAt: new Date(now + 3 * DAY) }], { claimant: 'c', leaseMs: 60_000 })).toHaveLength(1);
    });

    it('hands out a lapsed claim again', async () => {
      await t.store.claimSubscriptionNotices([warning], { claimant: 'a', leaseMs: 60_000 });
      await sql`update subscription_notices set claimed_until = now() - interval '1 second'`.execute(t.db);
      expect(await t.store.claimSubscriptionNotices([warning], { claimant: 'b', leaseMs: 60_000 })).toEqual([warning]);
    });

    it('lists expired subscriptions until their end notice is settled', async () => {
      await t.store.replaceSubscribers([
        { telegramUserId: 1, expiresAt: new Date(now - DAY) },
        { telegramUserId: 2, expiresAt: new Date(now - 2 * DAY) },
        { telegramUserId: 3, expiresAt: new Date(now + DAY) },
      ]);
      await t.store.expireEndedSubscriptions(new Date(now));
      expect((await t.store.expiredWithoutNotice()).map((s) => s.telegramUserId)).toEqual([2, 1]);

      const notice = { telegramUserId: 2, kind: 'expired' as const, expiresAt: new Date(now - 2 * DAY) };
      await t.store.claimSubscriptionNotices([notice], { claimant: 'a', leaseMs: 60_000 });
      expect((await t.store.expiredWithoutNotice()).map((s) => s.telegramUserId)).toEqual([2, 1]);
      await t.store.settleSubscriptionNotice(notice, { claimant: 'a', outcome: 'undeliverable', detail: 'TelegramForbidden: bot was blocked by the user' });
      expect((await t.store.expiredWithoutNotice()).map((s) => s.telegramUserId)).toEqual([1]);
    });
  });

  describe('stats snapshots', () => {
    it('keeps the queue backlog with the figures', async () => {
      const figures = await t.store.figures({ from: new Date(Date.now() - DAY), to: new Date() });
      const queues = [{ taskQueue: 'ai', kind: 'activity' as const, backlog: 4, oldestAgeMs: 1500 }];
      await t.store.saveStatsSnapshot(figures, undefined, { queues, takenBy: 'collect-stats-1/run' });

      expect(await t.store.latestStatsSnapshot()).toMatchObject({ queues, takenBy: 'collect-stats-1/run', figures });
    });
  });
});
