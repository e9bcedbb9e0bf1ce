import type { Figures } from '../../src/common/stats';
import type { PostStatus } from '../../src/common/post-status';
import { BACKENDS, backdate, daysBefore, useTestStore } from './backends';

describe.each(BACKENDS)('events, figures and stats snapshots on $name', (backend) => {
  const t = useTestStore(backend);

  async function postIn(messageId: number, path: PostStatus[], ai = { calls: 0, promptTokens: 0, completionTokens: 0 }) {
    const { post } = await t.store.upsertPost({ source: '@cars_kz', messageId, text: `ad ${messageId}` });
    for (const status of path) {
      await t.store.transitionPost(post.id, status, status === 'extracting' ? { classification: { isCarAd: true, confidence: 0.9, reason: 'ad' } } : {});
    }
    if (ai.calls > 0) await t.store.addAiUsage(post.id, ai);
    return post.id;
  }

  describe('events', () => {
    it('hands out unexported events oldest first and marks them exported once', async () => {
      const postId = await postIn(1, []);
      const published = await t.store.recordEvent({ type: 'post.published', postId, payload: { channel: '@cars_bot_listings', messages: [501] } });
      const contact = await t.store.recordEvent({ type: 'contact.sent', postId, userId: 101 });
      const expired = await t.store.recordEvent({ type: 'subscription.expired', userId: 102, payload: { plan: 'month' } });

      expect(published).toMatchObject({ type: 'post.published', postId, userId: null, payload: { channel: '@cars_bot_listings', messages: [501] }, exportedAt: null });
      expect(contact.payload).toEqual({});

      const firstBatch = await t.store.pendingEvents(2);
      expect(firstBatch.map((e) => e.id)).toEqual([published.id, contact.id]);

      const at = new Date('2026-11-22T10:00:00Z');
      expect(await t.store.markEventsExported(firstBatch.map((e) => e.id), at)).toBe(2);
      expect(await t.store.markEventsExported([published.id], new Date())).toBe(0);
      expect(await t.store.markEventsExported([], at)).toBe(0);

      const rest = await t.store.pendingEvents(10);
      expect(rest.map((e) => e.id)).toEqual([expired.id]);
      const exportedAt = await t.db.selectFrom('events').select('exported_at').where('id', '=', published.id).executeTakeFirstOrThrow();
      expect(exportedAt.exported_at?.getTime()).toBe(at.getTime());
    });
  });

  describe('figures', () => {
    it('counts posts by status, AI spend and active subscribers for a period', async () => {
      const usage = { calls: 3, promptTokens: 900, completionTokens: 250 };
      await postIn(1, ['extracting', 'ready', 'publishing', 'published'], usage);
      await postIn(2, ['extracting', 'ready', 'publishing', 'published'], usage);
      await postIn(3, ['duplicate']);
      await postIn(4, ['not_car'], { calls: 1, promptTokens: 300, completionTokens: 10 });
      await postIn(5, ['extracting', 'failed'], { calls: 2, promptTokens: 500, completionTokens: 0 });
      await postIn(6, []);
      const old = await postIn(7, ['extracting', 'ready', 'publishing', 'published'], usage);
      await backdate(t.db, 'posts', 'created_at', old, daysBefore(3));
      await backdate(t.db, 'posts', 'published_at', old, daysBefore(3));
      const now = new Date();
      await t.store.replaceSubscribers([
        { telegramUserId: 101, expiresAt: daysBefore(-30, now) },
        { telegramUserId: 102, expiresAt: null },
        { telegramUserId: 103, expiresAt: daysBefore(1, now) },
        { telegramUserId: 104, active: false },
      ]);

      const figures = await t.store.figures({ from: daysBefore(1, now), to: daysBefore(-1, now) });

      expect(figures).toEqual<Figures>({
        from: daysBefore(1, now),
        to: daysBefore(-1, now),
        postsByStatus: { received: 1, duplicate: 1, not_car: 1, extracting: 0, ready: 0, publishing: 0, published: 2, failed: 1 },
        received: 6,
        carAds: 3,
        duplicates: 1,
        published: 2,
        failed: 1,
        aiCalls: 9,
        promptTokens: 2600,
        completionTokens: 510,
        activeSubscribers: 2,
      });

      // Two days ago the subscription that ended yesterday was still running.
      const earlier = await t.store.figures({ from: daysBefore(7, now), to: daysBefore(2, now) });
      expect(earlier).toMatchObject({ received: 1, published: 1, aiCalls: 3, activeSubscribers: 3 });
    });

    it('reports zeros for an empty period', async () => {
      const figures = await t.store.figures({ from: daysBefore(2), to: daysBefore(1) });
      expect(figures).toMatchObject({ received: 0, carAds: 0, published: 0, aiCalls: 0, promptTokens: 0, completionTokens: 0, activeSubscribers: 0 });
      expect(Object.values(figures.postsByStatus).every((n) => n === 0)).toBe(true);
    });
  });

  describe('stats snapshots', () => {
    it('keeps figures and gives back the latest', async () => {
      expect(await t.store.latestStatsSnapshot()).toBeUndefined();
      await postIn(1, ['not_car'], { calls: 1, promptTokens: 10, completionTokens: 2 });
      const now = new Date();
      const older = await t.store.figures({ from: daysBefore(2, now), to: daysBefore(1, now) });
      const newer = await t.store.figures({ from: daysBefore(1, now), to: now });

      await t.store.saveStatsSnapshot(newer, now);
      await t.store.saveStatsSnapshot(older, daysBefore(1, now));

      const latest = await t.store.latestStatsSnapshot();
      expect(latest?.takenAt.getTime()).toBe(now.getTime());
      expect(latest?.figures).toEqual(newer);
    });
  });
});
