import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { publishWorkflowId, type PublishPostResult } from '../../src/common/posts';
import { recordHistory } from '../harness/histories';
import { startPipelineParts, TEST_ADMIN_ID, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { makeReadyPost } from '../harness/ready-posts';
import { recordTelegramCalls, type TelegramCall } from '../harness/telegram-calls';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

/** 4 posts a second (the production default is 20 a minute), so 60 posts take ~15 s. */
const RATE_PER_MINUTE = 240;

describe('publishPost on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let calls: TelegramCall[];

  beforeAll(async () => {
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: String(RATE_PER_MINUTE) });
    // The channel's limit as the activities count it: 20 sends in any 5 s (240 a minute).
    parts = await startPipelineParts({ publishPerMinute: RATE_PER_MINUTE, publishWindowMs: 5_000 });
    calls = recordTelegramCalls(parts.telegram);
    parts.telegramEmulator.setLimits({ groupPerMinute: RATE_PER_MINUTE });
    await t.startWorkers(parts.activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });
  beforeEach(() => parts.telegramEmulator.faults.reset());

  const publish = async (postId: number) =>
    (await t.client.workflow.execute('publishPost', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: publishWorkflowId(postId),
      args: [{ postId }],
    })) as PublishPostResult;
  const channelMessages = () => parts.telegramEmulator.sentMessages(TEST_CHANNEL);

  test('photos go out as one album whose caption has the fields, escaped HTML and a contacts link, not the contacts', async () => {
    const postId = await makeReadyPost(parts.store, {
      photos: ['photo-a', 'photo-b', 'photo-c'],
      extracted: { model: 'Camry <XLE> & Co' },
      description: 'Best <b>car</b> & no "bugs" </a>',
    });
    const result = await publish(postId);
    expect(result).toMatchObject({ status: 'published', messageIds: expect.any(Array) });
    expect(result.messageIds).toHaveLength(3);

    const album = channelMessages().filter((m) => result.messageIds!.includes(m.messageId));
    expect(album.map((m) => m.method)).toEqual(['sendMediaGroup', 'sendMediaGroup', 'sendMediaGroup']);
    expect(album.flatMap((m) => m.photos)).toEqual(['photo-a', 'photo-b', 'photo-c']);
    const caption = album[0].caption ?? '';
    expect(caption).toContain('Camry &lt;XLE&gt; &amp; Co');
    expect(caption).toContain('Best &lt;b&gt;car&lt;/b&gt; &amp; no "bugs" &lt;/a&gt;');
    expect(caption).toContain(`https://t.me/cars_test_bot?start=contact_${postId}`);
    expect(album[0].plainText).toContain('Camry <XLE> & Co');
    expect(album[0].plainText).not.toContain('701');
    expect((await parts.store.getPost(postId))?.status).toBe('published');
  });

  test('a post without photos is a text message with a Contacts button that opens the bot', async () => {
    const postId = await makeReadyPost(parts.store);
    const result = await publish(postId);
    const [message] = channelMessages().filter((m) => m.messageId === result.messageIds?.[0]);
    expect(message.method).toBe('sendMessage');
    expect(message.replyMarkup).toEqual({ inline_keyboard: [[{ text: '📞 Контакты', url: `https://t.me/cars_test_bot?start=contact_${postId}` }]] });
    expect(message.plainText).toContain('12 500 000 ₸');
    expect(message.plainText).not.toContain('+7701');
  });

  test('publishing again finds the recorded message and sends nothing', async () => {
    const postId = await makeReadyPost(parts.store);
    const first = await publish(postId);
    const before = channelMessages().length;
    const handle = await t.client.workflow.start('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: `republish-${postId}`, args: [{ postId }] });
    expect(await handle.result()).toMatchObject({ status: 'published', messageIds: first.messageIds });
    expect(channelMessages().length).toBe(before);
  });

  test('a 429 is retried after exactly retry_after seconds, not earlier', async () => {
    const postId = await makeReadyPost(parts.store);
    parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 3 });
    const from = calls.length;
    const handle = await t.client.workflow.start('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: publishWorkflowId(postId), args: [{ postId }] });
    expect(await handle.result()).toMatchObject({ status: 'published' });
    const sends = calls.slice(from).filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => c.ok)).toEqual([false, true]);
    expect(sends[0]).toMatchObject({ errorCode: 429, retryAfter: 3 });
    expect(sends[1].at - sends[0].at).toBeGreaterThanOrEqual(3_000);
    await recordHistory(handle, 'publish-post-rate-limited');
  });

  test('Telegram refusing the listing (400) fails the workflow (PublishFailed) with the reason stored, no alert per post', async () => {
    const postId = await makeReadyPost(parts.store);
    parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 400 } });
    const handle = await t.client.workflow.start('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: publishWorkflowId(postId), args: [{ postId }] });
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => (err instanceof WorkflowFailedError ? err.cause : undefined),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('PublishFailed');
    expect(failure?.message).toMatch(/^TelegramBadRequest: /);
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(await parts.store.getPost(postId)).toMatchObject({ status: 'failed', error: failure?.message, failedStep: 'publish' });
    expect(parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).filter((m) => m.plainText.includes(`${postId}`))).toHaveLength(0);

    // Published once the cause is gone: the same workflow id runs again.
    const again = await publish(postId);
    expect(again.status).toBe('published');
    expect(await parts.store.getPost(postId)).toMatchObject({ status: 'published', error: null, failedStep: null });
  });

  test('three publishing workers, 60 posts: the rate never exceeds the limit and Telegram never says 429', async () => {
    await t.startWorkers(parts.activities, { queues: [TASK_QUEUES.publishing], ownConnection: true });
    await t.startWorkers(parts.activities, { queues: [TASK_QUEUES.publishing], ownConnection: true });
    const postIds = [];
    for (let i = 0; i < 60; i++) postIds.push(await makeReadyPost(parts.store));
    const from = calls.length;
    const results = await Promise.all(postIds.map((id) => publish(id)));
    expect(results.every((r) => r.status === 'published')).toBe(true);

    const sends = calls.slice(from).filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(60);
    expect(sends.filter((c) => !c.ok)).toEqual([]);
    // In any 5-second window at most rate × 5 sends: the window the activities count in.
    const perSecond = RATE_PER_MINUTE / 60;
    const times = sends.map((c) => c.at).sort((a, b) => a - b);
    let busiest = 0;
    for (const start of times) busiest = Math.max(busiest, times.filter((x) => x >= start && x < start + 5_000).length);
    expect(busiest).toBeLessThanOrEqual(perSecond * 5);
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(((60 - 2 * perSecond) / perSecond) * 1000);
  }, 120_000);
});
