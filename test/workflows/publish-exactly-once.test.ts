/**
 * The send reached Telegram but the attempt didn't learn or record it. The retry must find the
 * message instead of posting a second copy.
 */
import { TASK_QUEUES } from '../../src/common/task-queues';
import { publishWorkflowId, type PublishPostResult } from '../../src/common/posts';
import type { Store } from '../../src/db';
import { startPipelineParts, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { loseSends, type LostSends } from '../harness/lost-sends';
import { makeReadyPost } from '../harness/ready-posts';
import { recordHistory } from '../harness/histories';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

describe('exactly-once publication on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  /** Post ids whose next "record the sent ids" write fails, as if the worker died right after the send. */
  const crashAfterSend = new Set<number>();
  /** Sends whose answer is lost on its way back, as in a timeout after Telegram accepted them. */
  let lost: LostSends;

  beforeAll(async () => {
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '600' });
    parts = await startPipelineParts({
      wrapStore: (store: Store): Store => ({
        ...store,
        recordSend: async (send) => {
          if (crashAfterSend.delete(send.postId)) throw new Error('worker lost before recording the sent message');
          return store.recordSend(send);
        },
      }),
    });
    lost = loseSends(parts.telegram);
    await t.startWorkers(parts.activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  const start = (postId: number) =>
    t.client.workflow.start('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: publishWorkflowId(postId), args: [{ postId }] });
  const messagesOf = (postId: number) => parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => (m.replyMarkup ? JSON.stringify(m.replyMarkup) : m.caption ?? '').includes(`contact_${postId}`));

  test('the answer to a send is lost after Telegram accepted it: the retry finds the message and sends nothing', async () => {
    const postId = await makeReadyPost(parts.store);
    lost.nextAnswer = true;
    const handle = await start(postId);
    const result = (await handle.result()) as PublishPostResult;
    expect(lost.nextAnswer).toBe(false);
    expect(result.status).toBe('published');
    expect(messagesOf(postId)).toHaveLength(1);
    expect(result.messageIds).toEqual([messagesOf(postId)[0].messageId]);
    const history = await handle.fetchHistory();
    const attempts = history.events?.map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0) ?? [];
    expect(Math.max(...attempts)).toBe(2);
    await recordHistory(handle, 'publish-post-uncertain');
  });

  test('the attempt dies after the send, before recording it: exactly one channel message', async () => {
    const postId = await makeReadyPost(parts.store, { photos: ['p1', 'p2'] });
    crashAfterSend.add(postId);
    const result = (await (await start(postId)).result()) as PublishPostResult;
    expect(result.status).toBe('published');
    const album = parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => (m.caption ?? '').includes(`contact_${postId}`));
    expect(album).toHaveLength(1);
    expect(result.messageIds).toHaveLength(2);
    expect(result.messageIds?.[0]).toBe(album[0].messageId);
    expect((await parts.store.getPost(postId))?.published?.messageIds).toEqual(result.messageIds);
  });

  test('another listing sent while one is unresolved is not mistaken for it, and neither is posted twice', async () => {
    const first = await makeReadyPost(parts.store);
    const second = await makeReadyPost(parts.store);
    crashAfterSend.add(first);
    const [a, b] = await Promise.all([start(first), start(second)]);
    const results = (await Promise.all([a.result(), b.result()])) as PublishPostResult[];
    expect(results.map((r) => r.status)).toEqual(['published', 'published']);
    expect(messagesOf(first)).toHaveLength(1);
    expect(messagesOf(second)).toHaveLength(1);
    expect(results[0].messageIds).toEqual([messagesOf(first)[0].messageId]);
    expect(results[1].messageIds).toEqual([messagesOf(second)[0].messageId]);
  });
});
