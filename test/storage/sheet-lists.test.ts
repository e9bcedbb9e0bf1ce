import { BACKENDS, daysBefore, useTestStore } from './backends';

const inDays = (days: number, from = new Date()) => daysBefore(-days, from);

describe.each(BACKENDS)('channels and subscribers from the sheets on $name', (backend) => {
  const t = useTestStore(backend);

  describe('replaceChannels', () => {
    it('reports what was added, changed and deactivated', async () => {
      const first = await t.store.replaceChannels([
        { chat: '@cars_kz', title: 'Cars KZ' },
        { chat: 'https://t.me/Auto_Almaty', title: 'Auto Almaty' },
        { chat: '-1001234567890', title: 'Private group' },
        { chat: '@old_cars', title: 'Old cars', active: false },
      ]);
      expect(first).toEqual({
        added: ['@cars_kz', '@auto_almaty', '-1001234567890', '@old_cars'],
        changed: [],
        deactivated: [],
        ignoredEmptyList: false,
      });

      const second = await t.store.replaceChannels([
        { chat: '@cars_kz', title: 'Cars KZ' },
        { chat: '@auto_almaty', title: 'Auto Almaty (renamed)' },
        { chat: '@old_cars', title: 'Old cars', active: true },
        { chat: '@astana_auto', title: 'Astana auto', notes: 'added on request' },
      ]);
      expect(second).toEqual({
        added: ['@astana_auto'],
        changed: ['@auto_almaty', '@old_cars'],
        deactivated: ['-1001234567890'],
        ignoredEmptyList: false,
      });

      const active = await t.store.listActiveChannels();
      expect(active.map((c) => [c.chat, c.title])).toEqual([
        ['@astana_auto', 'Astana auto'],
        ['@auto_almaty', 'Auto Almaty (renamed)'],
        ['@cars_kz', 'Cars KZ'],
        ['@old_cars', 'Old cars'],
      ]);
    });

    it('changes nothing when the sheet is unchanged', async () => {
      const rows = [{ chat: '@cars_kz', title: 'Cars KZ' }, { chat: '@auto_almaty' }];
      await t.store.replaceChannels(rows);
      const before = await t.store.listActiveChannels();

      expect(await t.store.replaceChannels(rows)).toEqual({ added: [], changed: [], deactivated: [], ignoredEmptyList: false });
      expect(await t.store.listActiveChannels()).toEqual(before);
    });

    it('counts switching a listed channel off as deactivation', async () => {
      await t.store.replaceChannels([{ chat: '@cars_kz' }, { chat: '@auto_almaty' }]);

      const result = await t.store.replaceChannels([{ chat: '@cars_kz', active: false }, { chat: '@auto_almaty' }]);

      expect(result.deactivated).toEqual(['@cars_kz']);
      expect(await t.store.isActiveChannel('@cars_kz')).toBe(false);
    });

    it('ignores an empty sheet unless told that an empty list is real', async () => {
      await t.store.replaceChannels([{ chat: '@cars_kz' }, { chat: '@auto_almaty' }]);

      expect(await t.store.replaceChannels([])).toEqual({ added: [], changed: [], deactivated: [], ignoredEmptyList: true });
      expect(await t.store.listActiveChannels()).toHaveLength(2);

      const wiped = await t.store.replaceChannels([], { allowDeactivateAll: true });
      expect(wiped.deactivated.sort()).toEqual(['@auto_almaty', '@cars_kz']);
      expect(await t.store.listActiveChannels()).toEqual([]);
    });

    it('answers whether a chat is watched, by id or by any spelling of its username', async () => {
      await t.store.replaceChannels([{ chat: '@cars_kz' }, { chat: '-1001234567890' }, { chat: '@paused', active: false }]);

      expect(await t.store.isActiveChannel('CARS_KZ')).toBe(true);
      expect(await t.store.isActiveChannel('https://t.me/cars_kz')).toBe(true);
      expect(await t.store.isActiveChannel(['-1009999', '@cars_kz'])).toBe(true);
      expect(await t.store.isActiveChannel(['-1001234567890'])).toBe(true);
      expect(await t.store.isActiveChannel('@paused')).toBe(false);
      expect(await t.store.isActiveChannel('@unknown')).toBe(false);
      expect(await t.store.isActiveChannel([])).toBe(false);
    });
  });

  describe('subscribers', () => {
    const now = new Date();

    it('replaces the list like the channel list', async () => {
      await t.store.replaceSubscribers([
        { telegramUserId: 101, username: 'alice', plan: 'month', expiresAt: inDays(20, now) },
        { telegramUserId: 102, username: 'bob', plan: 'year', expiresAt: inDays(200, now) },
      ]);

      const result = await t.store.replaceSubscribers([
        { telegramUserId: 101, username: 'alice', plan: 'month', expiresAt: inDays(50, now) },
        { telegramUserId: 103, username: 'carol', plan: 'lifetime', expiresAt: null },
      ]);

      expect(result).toEqual({ added: [103], changed: [101], deactivated: [102], ignoredEmptyList: false });
      expect(await t.store.getSubscriber(102)).toMatchObject({ username: 'bob', active: false });
      expect(await t.store.replaceSubscribers([])).toMatchObject({ ignoredEmptyList: true, deactivated: [] });
      expect(await t.store.getSubscriber(999)).toBeUndefined();
    });

    it('says who may see sellers’ contacts', async () => {
      await t.store.replaceSubscribers([
        { telegramUserId: 101, expiresAt: inDays(1, now) },
        { telegramUserId: 102, expiresAt: daysBefore(1, now) },
        { telegramUserId: 103, expiresAt: null },
        { telegramUserId: 104, expiresAt: inDays(30, now), active: false },
      ]);

      expect(await t.store.hasActiveSubscription(101, now)).toBe(true);
      expect(await t.store.hasActiveSubscription(101, inDays(2, now))).toBe(false);
      expect(await t.store.hasActiveSubscription(102, now)).toBe(false);
      expect(await t.store.hasActiveSubscription(103, now)).toBe(true);
      expect(await t.store.hasActiveSubscription(104, now)).toBe(false);
      expect(await t.store.hasActiveSubscription(105, now)).toBe(false);
    });

    it('lists subscriptions about to end and expires ended ones exactly once', async () => {
      await t.store.replaceSubscribers([
        { telegramUserId: 101, expiresAt: daysBefore(1, now) },
        { telegramUserId: 102, expiresAt: inDays(2, now) },
        { telegramUserId: 103, expiresAt: inDays(5, now) },
        { telegramUserId: 104, expiresAt: inDays(30, now) },
        { telegramUserId: 105, expiresAt: null },
      ]);

      const warn = await t.store.subscriptionsExpiringBefore(inDays(3, now), { after: now });
      expect(warn.map((s) => s.telegramUserId)).toEqual([102]);
      const endingThisWeek = await t.store.subscriptionsExpiringBefore(inDays(7, now));
      expect(endingThisWeek.map((s) => s.telegramUserId)).toEqual([101, 102, 103]);

      const expired = await t.store.expireEndedSubscriptions(now);
      expect(expired.map((s) => [s.telegramUserId, s.expiredAt?.getTime()])).toEqual([[101, now.getTime()]]);
      expect(await t.store.expireEndedSubscriptions(now)).toEqual([]);

      const later = inDays(3, now);
      expect((await t.store.expireEndedSubscriptions(later)).map((s) => s.telegramUserId)).toEqual([102]);
      expect((await t.store.subscriptionsExpiringBefore(inDays(7, now))).map((s) => s.telegramUserId)).toEqual([103]);
    });

    it('re-arms the expiry of a subscription the sheet renews, and only then', async () => {
      await t.store.replaceSubscribers([{ telegramUserId: 101, plan: 'month', expiresAt: daysBefore(1, now) }]);
      await t.store.expireEndedSubscriptions(now);

      await t.store.replaceSubscribers([{ telegramUserId: 101, plan: 'month', expiresAt: daysBefore(1, now), notes: 'called' }]);
      expect((await t.store.getSubscriber(101))?.expiredAt).not.toBeNull();

      await t.store.replaceSubscribers([{ telegramUserId: 101, plan: 'month', expiresAt: inDays(30, now) }]);
      expect(await t.store.getSubscriber(101)).toMatchObject({ expiredAt: null, active: true });
      expect(await t.store.hasActiveSubscription(101, now)).toBe(true);
    });
  });
});
