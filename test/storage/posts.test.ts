import { IllegalTransitionError, PostNotFoundError } from '../../src/db';
import { type PostStatus } from '../../src/common/post-status';
import { BACKENDS, useTestStore } from './backends';

const POST = { source: '@cars_kz', messageId: 1042, text: 'Продаю Toyota Camry 2018', photos: ['photo-1', 'photo-2'] };

/** The statuses a post passes on its way to `status`, in order. */
const PATH_TO: Record<PostStatus, PostStatus[]> = {
  received: [],
  duplicate: ['duplicate'],
  not_car: ['not_car'],
  extracting: ['extracting'],
  ready: ['extracting', 'ready'],
  publishing: ['extracting', 'ready', 'publishing'],
  published: ['extracting', 'ready', 'publishing', 'published'],
  failed: ['failed'],
};

describe.each(BACKENDS)('posts on $name', (backend) => {
  const t = useTestStore(backend);

  async function postIn(status: PostStatus, messageId = 1) {
    const { post } = await t.store.upsertPost({ ...POST, messageId });
    for (const step of PATH_TO[status]) await t.store.transitionPost(post.id, step);
    return post.id;
  }

  it('stores a post once under concurrent upserts of the same message', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => t.store.upsertPost(POST)));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.post.id)).size).toBe(1);
    const count = await t.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('keeps the first version when the same message arrives again', async () => {
    const first = await t.store.upsertPost(POST);
    const again = await t.store.upsertPost({ ...POST, text: 'edited' });

    expect(again).toEqual({ created: false, post: first.post });
  });

  it('tells posts apart by source and message id, whatever spelling the source has', async () => {
    const a = await t.store.upsertPost(POST);
    const sameChannel = await t.store.upsertPost({ ...POST, source: 'https://t.me/Cars_KZ' });
    const otherChannel = await t.store.upsertPost({ ...POST, source: '@cars_almaty' });
    const otherMessage = await t.store.upsertPost({ ...POST, messageId: 1043 });

    expect(sameChannel.post.id).toBe(a.post.id);
    expect(new Set([a.post.id, otherChannel.post.id, otherMessage.post.id]).size).toBe(3);
    expect((await t.store.getPostBySource('CARS_KZ', 1042))?.id).toBe(a.post.id);
  });

  it('reads back what intake stored', async () => {
    const postedAt = new Date('2026-11-20T09:12:00Z');
    const { post } = await t.store.upsertPost({ ...POST, postedAt });

    expect(await t.store.getPost(post.id)).toMatchObject({
      source: '@cars_kz',
      messageId: 1042,
      text: POST.text,
      photos: ['photo-1', 'photo-2'],
      postedAt,
      status: 'received',
      classification: null,
      published: null,
      aiUsage: { calls: 0, promptTokens: 0, completionTokens: 0 },
    });
    expect(await t.store.getPost(post.id + 1000)).toBeUndefined();
  });

  it('walks the pipeline and keeps every step’s results', async () => {
    const { post } = await t.store.upsertPost(POST);
    const { store } = t;

    await store.transitionPost(post.id, 'extracting', {
      classification: { isCarAd: true, confidence: 0.93, reason: 'price, mileage and a phone number' },
    });
    await store.transitionPost(post.id, 'ready', {
      extracted: { make: 'Toyota', model: 'Camry', year: 2018, price: 12_500_000, currency: 'KZT', mileageKm: 95_000, contacts: ['+77011234567'] },
      description: 'Toyota Camry 2018, 95 000 km',
    });
    await store.transitionPost(post.id, 'publishing');
    await store.updatePost(post.id, { published: { chatId: '@cars_bot_listings', messageIds: [501, 502] } });
    const published = await store.transitionPost(post.id, 'published');

    expect(published).toMatchObject({
      status: 'published',
      classification: { isCarAd: true, confidence: 0.93, reason: 'price, mileage and a phone number' },
      extracted: { make: 'Toyota', model: 'Camry', year: 2018, price: 12_500_000, currency: 'KZT', mileageKm: 95_000, engine: null, contacts: ['+77011234567'] },
      description: 'Toyota Camry 2018, 95 000 km',
      published: { chatId: '@cars_bot_listings', messageIds: [501, 502] },
    });
    expect(published.published?.at).toBeInstanceOf(Date);
    expect(await store.getPost(post.id)).toEqual(published);
  });

  it('keeps decimal prices exact', async () => {
    const { post } = await t.store.upsertPost(POST);
    const updated = await t.store.updatePost(post.id, { extracted: { price: 18_990.5, currency: 'USD' } });
    expect(updated.extracted.price).toBe(18_990.5);
  });

  it.each<[PostStatus, PostStatus]>([
    ['received', 'ready'],
    ['received', 'published'],
    ['extracting', 'received'],
    ['extracting', 'publishing'],
    ['ready', 'published'],
    ['published', 'publishing'],
    ['published', 'failed'],
    ['duplicate', 'extracting'],
    ['not_car', 'extracting'],
    ['failed', 'received'],
  ])('refuses to move a post from %s to %s', async (from, to) => {
    const id = await postIn(from);

    const attempt = t.store.transitionPost(id, to, { error: 'should not be written' });

    await expect(attempt).rejects.toThrow(IllegalTransitionError);
    await expect(attempt).rejects.toMatchObject({ postId: id, from, to, message: `post ${id} cannot move from ${from} to ${to}` });
    expect(await t.store.getPost(id)).toMatchObject({ status: from, error: null });
  });

  it('treats moving to the current status as a retry that changes nothing', async () => {
    const id = await postIn('published');
    const before = await t.store.getPost(id);

    const again = await t.store.transitionPost(id, 'published', { description: 'changed by a retry' });

    expect(again).toEqual(before);
  });

  it('lets any unfinished post fail, with the reason', async () => {
    for (const [i, status] of (['received', 'extracting', 'ready', 'publishing'] as const).entries()) {
      const id = await postIn(status, i + 1);
      const failed = await t.store.transitionPost(id, 'failed', { error: 'OpenAI quota exceeded' });
      expect(failed).toMatchObject({ status: 'failed', error: 'OpenAI quota exceeded' });
    }
  });

  it('a repeated step saves its results where the post stands, and leaves a post that got further alone', async () => {
    const id = await postIn('extracting');
    const saved = await t.store.advancePost(id, 'extracting', { extracted: { make: 'Toyota', contacts: [] } });
    expect(saved).toMatchObject({ status: 'extracting', extracted: { make: 'Toyota' }, extractedAt: expect.any(Date) });
    const ready = await t.store.advancePost(id, 'ready', { description: 'Toyota Camry' }, { type: 'post.ready', payload: { make: 'Toyota' } });
    expect(ready).toMatchObject({ status: 'ready', description: 'Toyota Camry' });
    // A reset runs extract again: the post is ready already, so nothing moves back.
    const again = await t.store.advancePost(id, 'extracting', { extracted: { make: 'Lada' } });
    expect(again).toMatchObject({ status: 'ready', extracted: { make: 'Toyota' } });
    const again2 = await t.store.advancePost(id, 'ready', {}, { type: 'post.ready', payload: {} });
    expect(again2.status).toBe('ready');
    expect((await t.store.pendingEvents(10)).filter((e) => e.type === 'post.ready')).toHaveLength(1);
  });

  it('sums recent failures by reason, most common first', async () => {
    for (const [i, error] of ['OpenAiBadRequest: no', 'PublishFailed: chat', 'OpenAiBadRequest: again', 'expired after 1 h: x'].entries()) {
      const id = await postIn('received', 100 + i);
      await t.store.transitionPost(id, 'failed', { error });
    }
    await postIn('published', 200);
    expect(await t.store.failureSummary(15 * 60_000)).toEqual({
      count: 4,
      reasons: [
        { reason: 'OpenAiBadRequest', count: 2 },
        { reason: 'PublishFailed', count: 1 },
        { reason: 'expired after 1 h', count: 1 },
      ],
    });
    expect((await t.store.failureSummary(0)).count).toBe(0);
  });

  it('reports a missing post', async () => {
    await expect(t.store.transitionPost(999, 'failed')).rejects.toThrow(PostNotFoundError);
    await expect(t.store.updatePost(999, { description: 'x' })).rejects.toThrow(PostNotFoundError);
    await expect(t.store.addAiUsage(999, { calls: 1, promptTokens: 1, completionTokens: 1 })).rejects.toThrow(PostNotFoundError);
  });

  it('adds up AI usage from concurrent calls', async () => {
    const { post } = await t.store.upsertPost(POST);

    await Promise.all(
      Array.from({ length: 10 }, () => t.store.addAiUsage(post.id, { calls: 1, promptTokens: 120, completionTokens: 30 })),
    );

    expect((await t.store.getPost(post.id))?.aiUsage).toEqual({ calls: 10, promptTokens: 1200, completionTokens: 300 });
  });
});
