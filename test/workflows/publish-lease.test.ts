/**
 * Publishing workers are killed (kill -9) or frozen while they hold the channel, as separate
 * processes on PostgreSQL: every listing still goes out exactly once, and the channel never
 * waits longer than the heartbeat timeout and one send. The suite runs a short version (one
 * round of 20 sends, two kills); `npm run chaos:publish` runs ten rounds of 100 with ten kills
 * each (PUBLISH_CHAOS=full).
 */
import { sql } from 'kysely';
import { PUBLISH_HEARTBEAT_TIMEOUT_MS } from '../../src/common/publishing';
import type { LoggedRequest } from '../../emulators/telegram';
import { channelFigures, reportFigures, type ChannelFigures } from '../harness/channel-figures';
import { CLUSTER_CHANNEL, CLUSTER_CHANNEL_ID, describeOnPostgres, startPublishingCluster, type PublishingCluster, type WorkerProcess } from '../harness/publishing-cluster';
import { makeReadyPost } from '../harness/ready-posts';
import { waitFor } from '../harness/wait-for';

const FULL = process.env.PUBLISH_CHAOS === 'full';
const ROUNDS = FULL ? 10 : 1;
const SENDS_PER_ROUND = FULL ? 100 : 20;
const KILLS_PER_ROUND = FULL ? 10 : 2;
const RATE_PER_MINUTE = 120;
const LEASE_MS = 5_000;
/** One send's slot: the pace, or the time a retried attempt needs to start, check and send. */
const ONE_SEND_MS = Math.max(60_000 / RATE_PER_MINUTE, 2_000);
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup']);

type KillMode = 'in-flight' | 'after-answer' | 'any-time';
const isChannelSend = (r: LoggedRequest) => SENDS.has(r.method) && r.chats[0] === CLUSTER_CHANNEL_ID;

describeOnPostgres('publishing workers killed and frozen while they hold the channel', () => {
  let c: PublishingCluster;

  beforeAll(async () => {
    c = await startPublishingCluster({ workers: 2, env: { PUBLISH_RATE_PER_MINUTE: String(RATE_PER_MINUTE), PUBLISH_LEASE: `${LEASE_MS / 1000}s` } });
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  }, 120_000);
  afterEach(() => {
    c.emulator.faults.reset();
    c.emulator.core.requests.removeAllListeners();
  });

  const readyPosts = async (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(await makeReadyPost(c.store, i % 5 === 3 ? { photos: ['p1', 'p2', 'p3'] } : i % 5 === 4 ? { photos: ['p1'] } : {}));
    return ids;
  };
  const ready = () => c.workers.filter((w) => w.ready);
  let holderKills = 0;
  /**
   * kill -9 of a polling worker (the lease holder when given), and a supervisor's restart right
   * after; never the last polling one, as a deployment keeps more than one.
   */
  const kill = (holder: WorkerProcess | undefined, restarts: Promise<unknown>[]) => {
    const candidates = ready();
    if (candidates.length < 2) return;
    const victim = holder?.ready ? holder : candidates[Math.floor(Math.random() * candidates.length)];
    if (victim === holder) holderKills++;
    victim.child.kill('SIGKILL');
    kills++;
    restarts.push(c.spawnWorker());
  };
  let kills = 0;
  let holderKillsBefore = 0;

  test(`kill -9 at random points during ${SENDS_PER_ROUND} sends, ${ROUNDS} time(s): every listing once, no stall over the heartbeat timeout and one send`, async () => {
    const rounds: ChannelFigures[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const postIds = await readyPosts(SENDS_PER_ROUND);
      const fromSeq = c.emulator.requestLog().at(-1)?.seq ?? 0;
      // Sends take a moment, so a kill can land while one is in flight.
      c.emulator.faults.configure({ latencyMs: [100, 400], only: [...SENDS] });
      const killAt = new Map<number, KillMode>();
      const modes: KillMode[] = ['in-flight', 'after-answer', 'any-time'];
      // Random sends to kill at, at least four sends apart so a restarted worker has time to start.
      while (killAt.size < KILLS_PER_ROUND) {
        const n = 2 + Math.floor(Math.random() * (SENDS_PER_ROUND - 5));
        if ([...killAt.keys()].every((k) => Math.abs(k - n) >= 4)) killAt.set(n, modes[(killAt.size + round) % modes.length]);
      }
      kills = 0;
      holderKillsBefore = holderKills;
      const restarts: Promise<unknown>[] = [];
      const timers: NodeJS.Timeout[] = [];
      const holders = new Map<number, Promise<WorkerProcess | undefined>>();
      let sendsSeen = 0;
      c.emulator.core.requests.on('received', (r) => {
        if (!isChannelSend(r)) return;
        const mode = killAt.get(++sendsSeen);
        if (!mode) return;
        const holder = c.leaseHolder();
        if (mode === 'in-flight') void holder.then((w) => kill(w, restarts));
        else if (mode === 'after-answer') holders.set(r.seq, holder);
        else timers.push(setTimeout(() => kill(undefined, restarts), Math.random() * 1_500));
      });
      c.emulator.core.requests.on('answered', (r) => {
        const holder = holders.get(r.seq);
        if (!holder) return;
        holders.delete(r.seq);
        // Between Telegram's answer and the database write of the ids.
        void holder.then((w) => kill(w, restarts));
      });

      const results = await c.publishAll(postIds);
      c.emulator.core.requests.removeAllListeners();
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(restarts);
      expect(results.filter((r) => r.status !== 'published')).toEqual([]);
      const figures = c.figures(postIds, fromSeq, 60_000);
      rounds.push(figures);
      reportFigures(`kill -9 round ${round + 1}/${ROUNDS}`, { ...figures, kills, holderKills: holderKills - holderKillsBefore, leaseMs: LEASE_MS, heartbeatTimeoutMs: PUBLISH_HEARTBEAT_TIMEOUT_MS });
      expect({ duplicates: figures.duplicates, missing: figures.missing }).toEqual({ duplicates: 0, missing: 0 });
      expect(figures.longestStallMs).toBeLessThan(PUBLISH_HEARTBEAT_TIMEOUT_MS + ONE_SEND_MS);
    }
    expect(rounds).toHaveLength(ROUNDS);
    // The kills did hit the worker holding the channel, mid-send or just after Telegram's answer.
    expect(holderKills).toBeGreaterThanOrEqual(1);
  }, FULL ? 3 * 3_600_000 : 300_000);

  test('a hold left between "ids recorded" and "released" (a worker of an older version died there): the next listing goes out within the heartbeat timeout', async () => {
    const [published] = await readyPosts(1);
    expect((await c.publishAll([published]))[0].status).toBe('published');
    await sql`insert into channel_send_locks (chat_id, post_id, owner, expires_at) values (${CLUSTER_CHANNEL}, ${published}, 'dead-worker', now() + interval '1 hour')
              on conflict (chat_id) do update set post_id = excluded.post_id, owner = excluded.owner, expires_at = excluded.expires_at`.execute(c.database.db);
    const [next] = await readyPosts(1);
    const started = Date.now();
    expect((await c.publishAll([next]))[0].status).toBe('published');
    const sent = c.emulator.requestLog(CLUSTER_CHANNEL).filter((r) => isChannelSend(r) && r.at >= started && r.status === 200);
    expect(sent).toHaveLength(1);
    const waitedMs = sent[0].at - started;
    reportFigures('stale hold of a published post', { ...channelFigures({ chatId: CLUSTER_CHANNEL_ID, messages: [], requests: [], expected: [], windowMs: 60_000 }), nextListingAfterMs: waitedMs });
    expect(waitedMs).toBeLessThan(PUBLISH_HEARTBEAT_TIMEOUT_MS);
  }, 120_000);

  test('an attempt frozen on a live worker while it holds the channel (SIGSTOP) holds it no longer than the lease, and sends nothing twice when it wakes', async () => {
    const postIds = await readyPosts(8);
    const fromSeq = c.emulator.requestLog().at(-1)?.seq ?? 0;
    c.emulator.faults.configure({ latencyMs: [200, 400], only: [...SENDS] });
    let frozen: WorkerProcess | undefined;
    let sendsSeen = 0;
    c.emulator.core.requests.on('received', (r) => {
      if (!isChannelSend(r) || ++sendsSeen !== 2) return;
      void c.leaseHolder().then((w) => {
        frozen = w;
        w?.child.kill('SIGSTOP');
      });
    });
    const results = await c.publishAll(postIds);
    expect(results.filter((r) => r.status !== 'published')).toEqual([]);
    expect(frozen).toBeDefined();
    // Wake it up and let it finish what it was doing, then stop it.
    frozen!.child.kill('SIGCONT');
    frozen!.child.kill('SIGTERM');
    await waitFor(() => !frozen!.alive, { timeoutMs: 60_000, what: 'the woken worker to stop' });
    await c.spawnWorker();

    const figures = c.figures(postIds, fromSeq, 60_000);
    // How long the channel waited after the frozen holder's send before another listing went out.
    const sends = c.emulator.requestLog(CLUSTER_CHANNEL).filter((r) => r.seq > fromSeq && isChannelSend(r) && r.status === 200);
    const channelHeldMs = sends[2].at - sends[1].at;
    reportFigures('SIGSTOP of the holder', { ...figures, channelHeldMs, leaseMs: LEASE_MS, heartbeatTimeoutMs: PUBLISH_HEARTBEAT_TIMEOUT_MS });
    expect({ duplicates: figures.duplicates, missing: figures.missing }).toEqual({ duplicates: 0, missing: 0 });
    expect(channelHeldMs).toBeLessThan(PUBLISH_HEARTBEAT_TIMEOUT_MS);
    // Attempts handed to the frozen worker come back after their heartbeat timeout, once each.
    expect(figures.longestStallMs).toBeLessThan(PUBLISH_HEARTBEAT_TIMEOUT_MS + ONE_SEND_MS + 2_000);
  }, 180_000);
});
