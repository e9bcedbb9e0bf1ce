/**
 * Fairness weights on the run's dev server: a channel that floods gets a lower weight than the
 * others on its posts' workflows (and so on every activity of theirs, which inherit it), computed
 * from the posts started for it in the last hour (common/fairness.ts). No workers run: the
 * weights are read from the workflows' descriptions as the server stores them.
 */
import { FAIR_SHARE_PER_HOUR, fairnessWeightFor, MIN_FAIRNESS_WEIGHT, recordStart, VOLUME_WINDOW_MS } from '../../src/common/fairness';
import type { PostInput } from '../../src/common/posts';
import { startPostWorkflow } from '../../src/client/start-post';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const post = (source: string, messageId: number): PostInput => ({ source, messageId, text: `Продаю Toyota Corolla ${2000 + (messageId % 20)}, объявление ${messageId}` });

describe('fairness weights', () => {
  test('full weight up to the fair share an hour, then less the more a channel sends', () => {
    expect(fairnessWeightFor(1)).toBe(1);
    expect(fairnessWeightFor(FAIR_SHARE_PER_HOUR)).toBe(1);
    expect(fairnessWeightFor(200)).toBe(0.3);
    expect(fairnessWeightFor(100_000)).toBe(MIN_FAIRNESS_WEIGHT);
    // Starts older than the window no longer count.
    const old = Array.from({ length: 500 }, (_, i) => i);
    expect(recordStart(old, VOLUME_WINDOW_MS + 1000)).toEqual({ times: [VOLUME_WINDOW_MS + 1000], weight: 1 });
  });

  describe('on the dev server', () => {
    let t: TestTemporal;
    beforeAll(async () => {
      t = await openTestTemporal();
    });
    afterAll(() => t?.close());

    test('the flooding channel\'s posts start with a lower weight than the quiet channel\'s', async () => {
      const FLOOD = 150;
      const flood = [];
      for (let i = 1; i <= FLOOD; i++) flood.push(await startPostWorkflow(t.client, post('@weight_flood', i)));
      const quiet = await startPostWorkflow(t.client, post('@weight_quiet', 1));
      const weightOf = async (workflowId: string) => (await t.client.workflow.getHandle(workflowId).describe()).priority;

      expect(await weightOf(flood[0].workflowId)).toMatchObject({ fairnessKey: 'weight_flood', fairnessWeight: 1 });
      expect(await weightOf(flood[FAIR_SHARE_PER_HOUR - 1].workflowId)).toMatchObject({ fairnessWeight: 1 });
      const last = await weightOf(flood[FLOOD - 1].workflowId);
      expect(last?.fairnessKey).toBe('weight_flood');
      // The server keeps weights as 32-bit floats.
      expect(last?.fairnessWeight).toBeCloseTo(0.4, 5);
      expect(fairnessWeightFor(FLOOD)).toBe(0.4);
      expect(await weightOf(quiet.workflowId)).toMatchObject({ fairnessKey: 'weight_quiet', fairnessWeight: 1 });
    });
  });
});
