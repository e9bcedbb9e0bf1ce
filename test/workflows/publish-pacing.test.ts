/**
 * The channel's limits, held by three publishing worker processes together: no sliding window
 * holds more sends than the configured number, and after a 429 no request reaches the channel,
 * from any worker, until its retry_after has passed. The suite runs scaled versions (10 sends
 * per 5 s window, a short 429 storm); `npm run chaos:publish` runs 20 sends a minute for three
 * minutes and a longer storm (PUBLISH_CHAOS=full).
 */
import { reportFigures } from '../harness/channel-figures';
import { describeOnPostgres, startPublishingCluster, type PublishingCluster } from '../harness/publishing-cluster';
import { makeReadyPost } from '../harness/ready-posts';

const FULL = process.env.PUBLISH_CHAOS === 'full';
/** Full: Telegram's own 20 a minute for three minutes. Suite: the same check, 10 per 5 s. */
const WINDOW_MS = FULL ? 60_000 : 5_000;
const LIMIT = FULL ? 20 : 10;
const WINDOW_SENDS = FULL ? 60 : 40;
const STORM_SENDS = FULL ? 60 : 24;
const SENDS = ['sendMessage', 'sendPhoto', 'sendMediaGroup'];

async function readyPosts(c: PublishingCluster, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(await makeReadyPost(c.store, i % 4 === 3 ? { photos: ['p1', 'p2'] } : {}));
  return ids;
}

describeOnPostgres('three publishing worker processes keep the channel inside its limits', () => {
  let c: PublishingCluster;

  beforeAll(async () => {
    c = await startPublishingCluster({
      workers: 3,
      env: { PUBLISH_RATE_PER_MINUTE: String((LIMIT * 60_000) / WINDOW_MS), PUBLISH_WINDOW: `${WINDOW_MS / 1000}s`, PUBLISH_LEASE: '5s' },
      // The emulator doesn't enforce the channel's limit here, so a send over it shows in the log.
      limits: { groupPerMinute: 0 },
    });
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  }, 120_000);
  afterEach(() => c.emulator.faults.reset());

  test(`${WINDOW_SENDS} listings at ${LIMIT} per ${WINDOW_MS / 1000} s: no sliding window holds more than ${LIMIT}`, async () => {
    const postIds = await readyPosts(c, WINDOW_SENDS);
    const fromSeq = c.emulator.requestLog().at(-1)?.seq ?? 0;
    const results = await c.publishAll(postIds);
    expect(results.filter((r) => r.status !== 'published')).toEqual([]);
    const figures = c.figures(postIds, fromSeq, WINDOW_MS);
    reportFigures(`window ${LIMIT} per ${WINDOW_MS / 1000} s, 3 workers`, { ...figures, limit: LIMIT });
    expect({ duplicates: figures.duplicates, missing: figures.missing, floodWaits: figures.floodWaits }).toEqual({ duplicates: 0, missing: 0, floodWaits: 0 });
    expect(figures.mostSendsInWindow).toBeLessThanOrEqual(LIMIT);
    // The limit is used, not undershot by a wide margin.
    expect(figures.mostSendsInWindow).toBeGreaterThanOrEqual(LIMIT / 2);
    // Waiting for the window and the channel happened inside each attempt: no retries, no extra rate tokens.
    expect((await c.sendAttempts(postIds)).filter((n) => n !== 1)).toEqual([]);
  }, FULL ? 900_000 : 240_000);

  test(`a 429 storm: no request reaches the channel inside any retry_after, and all ${STORM_SENDS} listings go out once`, async () => {
    // Telegram's own limit, tighter than ours (honest 429s with retry_after), plus random 429s.
    c.emulator.setLimits({ groupPerMinute: Math.max(2, Math.floor(LIMIT / 2)), groupWindowSeconds: WINDOW_MS / 1000 });
    c.emulator.faults.configure({ errorRate: 0.25, errorStatus: 429, retryAfterSeconds: 2, only: [...SENDS, 'forwardMessage'] });
    const postIds = await readyPosts(c, STORM_SENDS);
    const fromSeq = c.emulator.requestLog().at(-1)?.seq ?? 0;
    const results = await c.publishAll(postIds);
    expect(results.filter((r) => r.status !== 'published')).toEqual([]);
    const figures = c.figures(postIds, fromSeq, WINDOW_MS);
    expect(figures.floodWaits).toBeGreaterThan(0);
    const attempts = await c.sendAttempts(postIds);
    reportFigures('429 storm, 3 workers', { ...figures, retriedAttempts: attempts.filter((n) => n > 1).length });
    // A 429 is waited out inside the attempt, not by a retry through the rate-limited queue.
    expect(attempts.filter((n) => n !== 1)).toEqual([]);
    expect({ duplicates: figures.duplicates, missing: figures.missing, requestsInsideFloodWaits: figures.requestsInsideFloodWaits }).toEqual({ duplicates: 0, missing: 0, requestsInsideFloodWaits: 0 });
  }, FULL ? 1_800_000 : 300_000);
});
