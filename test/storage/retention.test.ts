import { BACKENDS, backdate, daysBefore, useTestStore } from './backends';

describe.each(BACKENDS)('retention on $name', (backend) => {
  const t = useTestStore(backend);
  const now = new Date();

  /** Creates `count` posts, each with an event, dated `daysAgo` days back. */
  async function postsFrom(daysAgo: number, count: number, firstMessageId: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const { post } = await t.store.upsertPost({ source: '@cars_kz', messageId: firstMessageId + i, text: `ad ${i}` });
      const event = await t.store.recordEvent({ type: 'post.received', postId: post.id });
      await backdate(t.db, 'posts', 'created_at', post.id, daysBefore(daysAgo, now));
      await backdate(t.db, 'events', 'created_at', event.id, daysBefore(daysAgo, now));
      ids.push(post.id);
    }
    return ids;
  }

  const count = async (table: 'posts' | 'events' | 'stats_snapshots') =>
    (await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('deletes rows older than the cut-off in batches of the given size', async () => {
    await postsFrom(100, 7, 1);
    const recent = await postsFrom(10, 3, 100);
    const progress: number[] = [];

    const result = await t.store.deleteOlderThan({
      table: 'posts',
      before: daysBefore(90, now),
      batchSize: 3,
      onBatch: (deleted) => progress.push(deleted),
    });

    expect(result).toEqual({ deleted: 7, batches: 3 });
    expect(progress).toEqual([3, 6, 7]);
    const left = await t.db.selectFrom('posts').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(recent);
  });

  it('ends after an exactly full batch with an empty one', async () => {
    await postsFrom(100, 4, 1);

    expect(await t.store.deleteOlderThan({ table: 'posts', before: daysBefore(90, now), batchSize: 2 })).toEqual({ deleted: 4, batches: 2 });
    expect(await t.store.deleteOlderThan({ table: 'posts', before: daysBefore(90, now), batchSize: 2 })).toEqual({ deleted: 0, batches: 0 });
  });

  it('keeps events and duplicates of a deleted post, without the dangling reference', async () => {
    const [old] = await postsFrom(100, 1, 1);
    const { post: copy } = await t.store.upsertPost({ source: '@auto_almaty', messageId: 1, text: 'ad 0' });
    await t.store.claimFingerprint(old, 'fp', { windowDays: 7 });
    await t.store.transitionPost(copy.id, 'duplicate', { duplicateOf: old });
    const event = await t.store.recordEvent({ type: 'post.duplicate', postId: old });

    await t.store.deleteOlderThan({ table: 'posts', before: daysBefore(90, now), batchSize: 10 });

    expect((await t.store.getPost(copy.id))?.duplicateOf).toBeNull();
    expect((await t.store.pendingEvents(10)).find((e) => e.id === event.id)?.postId).toBeNull();
    expect(await t.db.selectFrom('fingerprint_claims').selectAll().execute()).toEqual([]);
  });

  it('applies each table’s retention and leaves out tables without one', async () => {
    await postsFrom(100, 2, 1);
    await postsFrom(40, 2, 100);
    await postsFrom(1, 1, 200);
    const figures = await t.store.figures({ from: daysBefore(1, now), to: now });
    await t.store.saveStatsSnapshot(figures, daysBefore(60, now));
    await t.store.saveStatsSnapshot(figures, daysBefore(5, now));

    const deleted = await t.store.cleanup({ keepDays: { events: 30, stats_snapshots: 30 }, batchSize: 2, now });

    expect(deleted).toEqual({ posts: 0, events: 4, stats_snapshots: 1 });
    expect(await count('posts')).toBe(5);
    expect(await count('events')).toBe(1);
    expect(await count('stats_snapshots')).toBe(1);

    expect(await t.store.cleanup({ keepDays: { posts: 90, events: 30, stats_snapshots: 30 }, now })).toEqual({
      posts: 2,
      events: 0,
      stats_snapshots: 0,
    });
  });

  it('refuses a batch size that would never finish', async () => {
    await expect(t.store.deleteOlderThan({ table: 'events', before: now, batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
