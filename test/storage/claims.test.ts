import { contentFingerprint } from '../../src/db';
import { BACKENDS, backdate, daysBefore, useTestStore } from './backends';

const AD = 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67';

/** The same ad as ten channels repost it. */
const REPOSTS = [
  AD,
  '🔥 ПРОДАЮ TOYOTA CAMRY 2018, 95 000 КМ, 12 500 000 ТГ, АЛМАТЫ, +7 701 123 45 67',
  'Продаю Toyota Camry 2018\n95 000 км\n12 500 000 тг\nАлматы\n87011234567',
  'Продаю Toyota Camry 2018, 95000км, 12500000 тг, Алматы, +7(701)123-45-67',
  'Продаю Toyota Camry 2018, 95.000 км, 12.500.000 тг, Алматы, 8 701 123 45 67 https://t.me/cars_kz',
  'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67 #toyota',
  'Продаю  Toyota  Camry  2018,  95 000 км,  12 500 000 тг,  Алматы,  +7 701 123 45 67 @auto_almaty',
  'Продаю: Toyota Camry (2018) — 95 000 км; 12 500 000 тг! Алматы. +77011234567',
  '🚗 Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, 701 123 45 67 🚗',
  'продаю toyota camry 2018, 95 000 км, 12 500 000 тг, алматы, +7 701 123-45-67',
];

describe.each(BACKENDS)('fingerprint claims on $name', (backend) => {
  const t = useTestStore(backend);
  const window = { windowDays: 7 };

  async function receive(text: string, channel: number) {
    const { post } = await t.store.upsertPost({ source: `@channel_${channel}`, messageId: 1, text });
    return post;
  }

  it('lets exactly one of ten concurrent copies of an ad claim its fingerprint', async () => {
    const posts = await Promise.all(REPOSTS.map((text, i) => receive(text, i)));

    const results = await Promise.all(
      posts.map((post) => t.store.claimFingerprint(post.id, contentFingerprint(post.text), window)),
    );

    const winners = posts.filter((_, i) => results[i].claimed);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.claimed)).toEqual(
      Array.from({ length: 9 }, () => ({ claimed: false, duplicateOf: winners[0].id })),
    );
    const fingerprints = await t.db.selectFrom('posts').select('fingerprint').distinct().execute();
    expect(fingerprints).toEqual([{ fingerprint: contentFingerprint(AD) }]);
  });

  it('gives different cars their own claims', async () => {
    const camry = await receive(AD, 1);
    const corolla = await receive(AD.replace('Camry', 'Corolla'), 2);

    expect(await t.store.claimFingerprint(camry.id, contentFingerprint(camry.text), window)).toEqual({ claimed: true });
    expect(await t.store.claimFingerprint(corolla.id, contentFingerprint(corolla.text), window)).toEqual({ claimed: true });
  });

  it('answers a holder that claims again (a retried activity) with claimed', async () => {
    const post = await receive(AD, 1);

    await t.store.claimFingerprint(post.id, 'fp', window);

    expect(await t.store.claimFingerprint(post.id, 'fp', window)).toEqual({ claimed: true });
  });

  it('lets a later copy claim once the holder releases', async () => {
    const first = await receive(AD, 1);
    const second = await receive(AD, 2);
    await t.store.claimFingerprint(first.id, 'fp', window);
    expect(await t.store.claimFingerprint(second.id, 'fp', window)).toEqual({ claimed: false, duplicateOf: first.id });

    expect(await t.store.releaseFingerprint(first.id)).toBe(true);
    expect(await t.store.releaseFingerprint(first.id)).toBe(false);

    expect(await t.store.claimFingerprint(second.id, 'fp', window)).toEqual({ claimed: true });
  });

  it.each(['not_car', 'failed'] as const)('releases the claim when its holder ends %s', async (end) => {
    const first = await receive(AD, 1);
    const second = await receive(AD, 2);
    await t.store.claimFingerprint(first.id, 'fp', window);

    await t.store.transitionPost(first.id, end);

    expect(await t.store.claimFingerprint(second.id, 'fp', window)).toEqual({ claimed: true });
  });

  it('a failed post retried takes its claim back, or ends duplicate when another copy took it meanwhile', async () => {
    const first = await receive(AD, 1);
    await t.store.claimFingerprint(first.id, 'fp', window);
    await t.store.transitionPost(first.id, 'failed', { error: 'OpenAiServerError: down', failedStep: 'classify' });

    // Retried while nobody else wants the ad: it goes on, error cleared.
    const reopened = await t.store.advancePost(first.id, 'extracting', { classification: { isCarAd: true, confidence: 0.9, reason: 'ad' } });
    expect(reopened).toMatchObject({ status: 'extracting', error: null, failedStep: null, classification: { isCarAd: true } });
    const second = await receive(AD, 2);
    expect(await t.store.claimFingerprint(second.id, 'fp', window)).toEqual({ claimed: false, duplicateOf: first.id });

    // Failed again; this time a copy arrives and takes the claim over before the retry.
    await t.store.transitionPost(first.id, 'failed', { error: 'OpenAiServerError: down again' });
    expect(await t.store.claimFingerprint(second.id, 'fp', window)).toEqual({ claimed: true });
    const lost = await t.store.advancePost(first.id, 'ready', { description: 'not saved' });
    expect(lost).toMatchObject({ status: 'duplicate', duplicateOf: second.id, description: null, error: null });
    const events = await t.store.pendingEvents(10);
    expect(events.filter((e) => e.postId === first.id).map((e) => [e.type, e.payload])).toEqual([['post.duplicate', { duplicateOf: second.id, onRetry: true }]]);
  });

  it('keeps the claim of a post published within the window, and hands over an older one', async () => {
    const original = await receive(AD, 1);
    await t.store.claimFingerprint(original.id, 'fp', window);
    for (const status of ['extracting', 'ready', 'publishing', 'published'] as const) {
      await t.store.transitionPost(original.id, status);
    }
    const repost = await receive(AD, 2);

    await backdate(t.db, 'posts', 'published_at', original.id, daysBefore(6));
    expect(await t.store.claimFingerprint(repost.id, 'fp', window)).toEqual({ claimed: false, duplicateOf: original.id });

    await backdate(t.db, 'posts', 'published_at', original.id, daysBefore(8));
    expect(await t.store.claimFingerprint(repost.id, 'fp', window)).toEqual({ claimed: true });
  });

  it('does not hand over the claim of a post still in the pipeline, however old', async () => {
    const original = await receive(AD, 1);
    await t.store.claimFingerprint(original.id, 'fp', window);
    await t.store.transitionPost(original.id, 'extracting');
    await backdate(t.db, 'posts', 'created_at', original.id, daysBefore(30));

    const repost = await receive(AD, 2);

    expect(await t.store.claimFingerprint(repost.id, 'fp', window)).toEqual({ claimed: false, duplicateOf: original.id });
  });

  it('finds the post published with a fingerprint within the last days', async () => {
    const post = await receive(AD, 1);
    await t.store.claimFingerprint(post.id, 'fp', window);
    expect(await t.store.findPublishedByFingerprint('fp', 7)).toBeUndefined();

    for (const status of ['extracting', 'ready', 'publishing', 'published'] as const) {
      await t.store.transitionPost(post.id, status);
    }
    expect((await t.store.findPublishedByFingerprint('fp', 7))?.id).toBe(post.id);
    expect(await t.store.findPublishedByFingerprint('other', 7)).toBeUndefined();

    await backdate(t.db, 'posts', 'published_at', post.id, daysBefore(10));
    expect(await t.store.findPublishedByFingerprint('fp', 7)).toBeUndefined();
    expect((await t.store.findPublishedByFingerprint('fp', 11))?.id).toBe(post.id);
  });
});
