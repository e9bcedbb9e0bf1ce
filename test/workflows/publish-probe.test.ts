/**
 * The outcome check after a lost answer changes nothing anyone can see: other admins post into
 * our channel, and the bot (which has can_edit_messages, as channel bots do) could edit their
 * posts — so the check must only forward candidates to the bot's private probe chat, compare
 * and delete the copies. And when the check can't be made, the post fails for a person to look
 * at, the channel is released at once, and nothing is sent twice.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { createPublishingActivities } from '../../src/activities/telegram/publish-activities';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { publishWorkflowId, type PublishPostResult } from '../../src/common/posts';
import { createDependencies } from '../../src/workers/dependencies';
import { pipelineOverrides, startPipelineParts, TEST_ADMIN_ID, TEST_CHANNEL, type PipelineParts } from '../harness/pipeline';
import { loseSends, type LostSends } from '../harness/lost-sends';
import { makeReadyPost } from '../harness/ready-posts';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

describe('the read-only outcome check on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  /** Sends lost on their way to Telegram, or their answers on the way back. */
  let lost: LostSends;

  beforeAll(async () => {
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '600' });
    parts = await startPipelineParts();
    lost = loseSends(parts.telegram);
    await t.startWorkers(parts.activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });
  afterEach(() => {
    parts.telegramEmulator.setBlocked(TEST_ADMIN_ID, false);
    parts.telegramEmulator.faults.reset();
  });

  const publish = async (postId: number) =>
    (await t.client.workflow.execute('publishPost', { taskQueue: TASK_QUEUES.workflows, workflowId: publishWorkflowId(postId), args: [{ postId }] })) as PublishPostResult;
  const listingsOf = (postId: number) =>
    parts.telegramEmulator.sentMessages(TEST_CHANNEL).filter((m) => JSON.stringify(m.replyMarkup ?? m.caption ?? '').includes(`contact_${postId}`));
  /** Two other admins post into our channel: a text and a photo, as people do. */
  const otherAdminsPost = () => {
    const text = parts.telegramEmulator.injectUpdate({ kind: 'channel_post', chat: TEST_CHANNEL, text: 'Admin note: the Camry is sold', author_signature: 'Dana' });
    const photo = parts.telegramEmulator.injectUpdate({ kind: 'channel_post', chat: TEST_CHANNEL, photos: 1, caption: 'Our showroom', author_signature: 'Erlan' });
    return [text.updates[0].channel_post!.message_id, photo.updates[0].channel_post!.message_id];
  };
  const historyOf = (ids: number[]) => parts.telegramEmulator.chatHistory(TEST_CHANNEL).filter((m) => ids.includes(m.message_id));
  const channelEdits = (from: number) => parts.telegramEmulator.requestLog(TEST_CHANNEL).filter((r) => r.seq > from && r.method.startsWith('edit'));
  const lastSeq = () => parts.telegramEmulator.requestLog().at(-1)?.seq ?? 0;

  test("another admin's posts inside the probe window stay exactly as they were, and the lost listing is found, not sent again", async () => {
    const postId = await makeReadyPost(parts.store);
    const foreign = otherAdminsPost();
    const before = structuredClone(historyOf(foreign));
    const from = lastSeq();
    lost.nextAnswer = true;
    const result = await publish(postId);

    expect(result.status).toBe('published');
    expect(listingsOf(postId)).toHaveLength(1);
    expect(result.messageIds).toEqual([listingsOf(postId)[0].messageId]);
    expect(historyOf(foreign)).toEqual(before);
    expect(channelEdits(from)).toEqual([]);
    // Each foreign post was looked at by forwarding it to the probe chat, and the copies are gone.
    const forwards = parts.telegramEmulator.requestLog(TEST_CHANNEL).filter((r) => r.seq > from && r.method === 'forwardMessage');
    expect(forwards.length).toBeGreaterThanOrEqual(3);
    expect(parts.telegramEmulator.sentMessages(TEST_ADMIN_ID).filter((m) => m.method === 'forwardMessage')).toEqual([]);
  });

  test('a send that never reached Telegram is sent once, past the same foreign posts, which stay unchanged', async () => {
    const postId = await makeReadyPost(parts.store, { photos: ['p1', 'p2'] });
    const foreign = otherAdminsPost();
    const before = structuredClone(historyOf(foreign));
    const from = lastSeq();
    lost.nextRequest = true;
    const result = await publish(postId);

    expect(result.status).toBe('published');
    expect(listingsOf(postId)).toHaveLength(1);
    expect(result.messageIds).toHaveLength(2);
    expect(historyOf(foreign)).toEqual(before);
    expect(channelEdits(from)).toEqual([]);
  });

  test.each([
    ['the probe chat blocked the bot (403)', () => parts.telegramEmulator.setBlocked(TEST_ADMIN_ID, true)],
    ['Telegram answers 401 to the probe', () => parts.telegramEmulator.faults.configure({ failNext: { count: 1, status: 401 }, only: ['forwardMessage'] })],
  ])('%s: the post fails "outcome unknown", the channel is free at once, nothing is sent twice', async (_name, refuseProbe) => {
    const postId = await makeReadyPost(parts.store);
    lost.nextAnswer = true;
    refuseProbe();
    const failed = await publish(postId).then(
      () => undefined,
      (err: unknown) => (err instanceof WorkflowFailedError ? err.cause : err),
    );
    expect(failed).toBeInstanceOf(ApplicationFailure);
    expect((failed as ApplicationFailure).type).toBe('PublishFailed');
    expect((failed as ApplicationFailure).message).toMatch(/^TelegramSendOutcomeUnknown: post \d+: an earlier send may have reached the channel and can't be checked/);
    expect(await parts.store.getPost(postId)).toMatchObject({ status: 'failed', failedStep: 'publish' });
    expect(listingsOf(postId)).toHaveLength(1);
    expect(await parts.store.sendLease(TEST_CHANNEL)).toBeUndefined();

    parts.telegramEmulator.setBlocked(TEST_ADMIN_ID, false);
    const next = await makeReadyPost(parts.store);
    expect((await publish(next)).status).toBe('published');
    expect(listingsOf(next)).toHaveLength(1);
  });

  test('without a probe chat an unknown outcome fails the attempt for a person to check, and releases the channel', async () => {
    const postId = await makeReadyPost(parts.store);
    // The product's wiring for a deployment with neither TELEGRAM_PROBE_CHAT_ID nor TELEGRAM_ADMIN_IDS.
    const config = { ...parts.config, telegram: { ...parts.config.telegram, probeChatId: undefined, adminIds: [] } };
    const deps = await createDependencies(config, { ...pipelineOverrides(), database: parts.database, clients: { openai: parts.openai, telegram: parts.telegram } });
    parts.onClose(() => deps.close());
    const activities = createPublishingActivities(deps.activityDeps.publishing!);
    await parts.store.beginPendingSend(TEST_CHANNEL, postId, await parts.store.highestMessageId(TEST_CHANNEL));
    const failure = await new MockActivityEnvironment().run(activities.sendListing, postId).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'TelegramSendOutcomeUnknown', nonRetryable: true });
    expect((failure as Error).message).toContain('no TELEGRAM_PROBE_CHAT_ID or TELEGRAM_ADMIN_IDS');
    expect(listingsOf(postId)).toEqual([]);
    expect(await parts.store.sendLease(TEST_CHANNEL)).toBeUndefined();
  });
});
