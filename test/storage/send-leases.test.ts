/**
 * The channel's send lease, pending sends, flood waits and the send window, on every backend:
 * the database side of "exactly once, and never blocking the channel".
 */
import { sql } from 'kysely';
import { waitFor } from '../harness/wait-for';
import { BACKENDS, useTestStore } from './backends';

const CHAT = '@cars_listings';

describe.each(BACKENDS)('channel send leases and pacing on $name', (backend) => {
  const t = useTestStore(backend);
  const post = async (n: number) => (await t.store.upsertPost({ source: '@cars_kz', messageId: n, text: `ad ${n}` })).post.id;

  it('gives the lease to one attempt at a time, renews it for its owner only, and releases it only for its owner', async () => {
    const [a, b] = [await post(1), await post(2)];
    const results = await Promise.all([
      t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 60_000),
      t.store.acquireSendLease(CHAT, { postId: b, owner: 'b#1' }, 60_000),
    ]);
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const winner = results[0].acquired ? 'a#1' : 'b#1';
    const loser = winner === 'a#1' ? 'b#1' : 'a#1';
    const refused = results.find((r) => !r.acquired);
    expect(refused).toMatchObject({ acquired: false, owner: winner, expiresInMs: expect.any(Number) });
    expect(await t.store.renewSendLease(CHAT, winner, 60_000)).toBe(true);
    expect(await t.store.renewSendLease(CHAT, loser, 60_000)).toBe(false);
    expect(await t.store.releaseSendLease(CHAT, loser)).toBe(false);
    expect(await t.store.releaseSendLease(CHAT, winner)).toBe(true);
    expect(await t.store.sendLease(CHAT)).toBeUndefined();
  });

  it("takes over a lease whose holder stopped renewing it once it expires, and names the previous holder", async () => {
    const [a, b] = [await post(1), await post(2)];
    expect(await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 300)).toEqual({ acquired: true });
    expect((await t.store.acquireSendLease(CHAT, { postId: b, owner: 'b#1' }, 60_000)).acquired).toBe(false);
    const taken = await waitFor(async () => {
      const r = await t.store.acquireSendLease(CHAT, { postId: b, owner: 'b#1' }, 60_000);
      return r.acquired ? r : undefined;
    }, { what: 'the expired lease to be taken over' });
    expect(taken).toEqual({ acquired: true, previous: { postId: a, owner: 'a#1' } });
    // The old holder can no longer renew it.
    expect(await t.store.renewSendLease(CHAT, 'a#1', 60_000)).toBe(false);
  });

  it('frees a lease at once when its post is already published (ids recorded, hold left behind)', async () => {
    const [a, b] = [await post(1), await post(2)];
    await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 3_600_000);
    await t.store.updatePost(a, { published: { chatId: CHAT, messageIds: [41] } });
    expect(await t.store.acquireSendLease(CHAT, { postId: b, owner: 'b#1' }, 60_000)).toEqual({ acquired: true, previous: { postId: a, owner: 'a#1' } });
  });

  it('records the ids, clears the pending send, marks the send landed and releases the lease in one go', async () => {
    const a = await post(1);
    await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 60_000);
    await t.store.beginPendingSend(CHAT, a, 40);
    await t.store.beginPendingSend(CHAT, a, 45); // a later attempt keeps the lowest floor
    expect(await t.store.pendingSend(a)).toMatchObject({ chatId: CHAT, floorMessageId: 40 });
    const reserved = await t.store.reserveSend({ chatId: CHAT, postId: a, owner: 'a#1', leaseNeededMs: 1_000, deadlineMs: 3_600_000, limit: 5, windowMs: 60_000 });
    if (!reserved.reserved) throw new Error('not reserved');
    await t.store.recordSend({ chatId: CHAT, postId: a, owner: 'a#1', messageIds: [41, 42], sendId: reserved.sendId });
    expect((await t.store.getPost(a))?.published).toMatchObject({ chatId: CHAT, messageIds: [41, 42] });
    expect(await t.store.pendingSend(a)).toBeUndefined();
    expect(await t.store.sendLease(CHAT)).toBeUndefined();
    const [recent] = await t.store.recentSends(CHAT, 60_000);
    expect(recent.landedBy.getTime()).toBeLessThan(Date.now() + 60_000); // landed now, not at its hour-long deadline
    expect(await t.store.highestMessageId(CHAT)).toBe(42);
    expect([...(await t.store.knownMessageIds(CHAT, 40, 50))]).toEqual([41, 42]);
  });

  it("finds a channel's highest recorded message id from an index, whatever the order of each post's ids", async () => {
    expect(await t.store.highestMessageId(CHAT)).toBe(0);
    const published: [string, number[]][] = [
      [CHAT, [7, 9, 8]],
      [CHAT, [120]],
      [CHAT, [3_000_000_001, 3_000_000_000]], // beyond 32 bits
      [CHAT, []],
      ['@elsewhere', [5_000_000_000]],
    ];
    for (const [i, [chatId, messageIds]] of published.entries()) await t.store.updatePost(await post(100 + i), { published: { chatId, messageIds } });
    expect(await t.store.highestMessageId(CHAT)).toBe(3_000_000_001);
    expect(await t.store.highestMessageId('@elsewhere')).toBe(5_000_000_000);
    expect(await t.store.highestMessageId('@nobody')).toBe(0);
    // The plan reads the index (sequential scans off, as a big table would make the planner choose).
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select max(posts_max_message_id(published_message_ids)) from posts where published_chat_id = ${CHAT}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/posts_published_chat_max_id_idx/);
    expect(plan).not.toMatch(/jsonb_array_elements/);
  });

  it('admits no more than the limit of sends in a window, and says when the next one fits', async () => {
    const a = await post(1);
    await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 60_000);
    const reserve = () => t.store.reserveSend({ chatId: CHAT, postId: a, owner: 'a#1', leaseNeededMs: 1_000, deadlineMs: 500, limit: 3, windowMs: 60_000 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await reserve());
    expect(results.map((r) => r.reserved)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ reserved: false, reason: 'window' });
    const wait = (results[3] as { waitMs: number }).waitMs;
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    // A refused send doesn't count.
    await t.store.cancelSend((results[0] as { sendId: number }).sendId);
    expect((await reserve()).reserved).toBe(true);
  });

  it('refuses a send whose lease is not held for long enough, or is held by someone else', async () => {
    const a = await post(1);
    await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 2_000);
    const base = { chatId: CHAT, postId: a, deadlineMs: 500, limit: 10, windowMs: 60_000 };
    expect(await t.store.reserveSend({ ...base, owner: 'a#1', leaseNeededMs: 5_000 })).toEqual({ reserved: false, reason: 'lease', waitMs: 0 });
    expect(await t.store.reserveSend({ ...base, owner: 'b#1', leaseNeededMs: 500 })).toEqual({ reserved: false, reason: 'lease', waitMs: 0 });
    expect((await t.store.reserveSend({ ...base, owner: 'a#1', leaseNeededMs: 500 })).reserved).toBe(true);
  });

  it("keeps a chat's flood wait for every worker, never shortens it, and blocks sends until it passes", async () => {
    const a = await post(1);
    await t.store.recordFloodWait(CHAT, 30);
    await t.store.recordFloodWait(CHAT, 2);
    const waitMs = await t.store.floodWaitMs([CHAT, '@other']);
    expect(waitMs).toBeGreaterThan(28_000);
    expect(await t.store.floodWaitMs(['@other'])).toBe(0);
    await t.store.acquireSendLease(CHAT, { postId: a, owner: 'a#1' }, 60_000);
    const refused = await t.store.reserveSend({ chatId: CHAT, postId: a, owner: 'a#1', leaseNeededMs: 1_000, deadlineMs: 500, limit: 10, windowMs: 60_000 });
    expect(refused).toMatchObject({ reserved: false, reason: 'flood-wait' });
    expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(28_000);
    await sql`update telegram_flood_waits set blocked_until = now() - interval '1 second'`.execute(t.db);
    expect(await t.store.floodWaitMs([CHAT])).toBe(0);
  });
});
