import { TASK_QUEUES } from '../../src/common/task-queues';
import { contactWorkflowId, type ContactOutcome } from '../../src/common/posts';
import { recordHistory } from '../harness/histories';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { makeReadyPost } from '../harness/ready-posts';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const SUBSCRIBER = 4_242;
const EXPIRED = 5_353;
const STRANGER = 6_464;

describe('sendContactInfo on the dev server', () => {
  let t: TestTemporal;
  let parts: PipelineParts;
  let postId: number;

  beforeAll(async () => {
    t = await openTestTemporal();
    parts = await startPipelineParts();
    for (const id of [SUBSCRIBER, EXPIRED, STRANGER]) parts.telegramEmulator.addUser({ id, first_name: `User ${id}` });
    await parts.store.replaceSubscribers([
      { telegramUserId: SUBSCRIBER, username: 'aigerim', plan: 'month', expiresAt: new Date('2099-01-01T00:00:00Z'), active: true, notes: null },
      { telegramUserId: EXPIRED, username: null, plan: 'week', expiresAt: new Date('2020-01-01T00:00:00Z'), active: true, notes: null },
    ]);
    postId = await makeReadyPost(parts.store, { extracted: { contacts: ['+77011234567', '@camry_owner'] } });
    await t.startWorkers(parts.activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  const request = async (userId: number, post: number) => {
    const handle = await t.client.workflow.start('sendContactInfo', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: contactWorkflowId(userId, post, new Date()),
      args: [{ userId, postId: post }],
    });
    return { handle, result: (await handle.result()) as { outcome: ContactOutcome } };
  };
  const dms = (userId: number) => parts.telegramEmulator.sentMessages(userId).map((m) => m.plainText);

  test('an active subscriber gets the seller contacts in a DM', async () => {
    const { handle, result } = await request(SUBSCRIBER, postId);
    expect(result.outcome).toBe('sent');
    const [dm] = dms(SUBSCRIBER);
    expect(dm).toContain('+77011234567');
    expect(dm).toContain('@camry_owner');
    expect(dm).toContain('Toyota Camry 2018');
    // The contacts stay out of the workflow's history.
    expect(JSON.stringify(await handle.fetchHistory())).not.toContain('77011234567');
    await recordHistory(handle, 'send-contact-info-sent');
  });

  test('a user whose subscription ended gets an offer, not the contacts', async () => {
    const { result } = await request(EXPIRED, postId);
    expect(result.outcome).toBe('offered');
    expect(dms(EXPIRED).join('\n')).toMatch(/подписчикам/);
    expect(dms(EXPIRED).join('\n')).not.toContain('77011234567');
  });

  test('an unknown post gets a polite notice', async () => {
    const { result } = await request(STRANGER, 987_654);
    expect(result.outcome).toBe('unknown_post');
    expect(dms(STRANGER).join('\n')).toMatch(/no longer available/);
  });

  test('every request is recorded as an event', async () => {
    const events = await parts.store.pendingEvents(100);
    const contactEvents = events.filter((e) => e.type.startsWith('contact.')).map((e) => [e.type, e.userId]);
    expect(contactEvents).toEqual(expect.arrayContaining([['contact.sent', SUBSCRIBER], ['contact.offered', EXPIRED], ['contact.unknown_post', STRANGER]]));
  });
});
