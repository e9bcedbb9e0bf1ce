/**
 * Priorities that mean something (common/priorities.ts), on the run's dev server: work is queued
 * with no worker running, then one worker with a single slot per kind of task takes it, so the
 * order it is served in is the order the server hands it out.
 */
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { PRIORITY } from '../../src/common/priorities';
import type { PostInput } from '../../src/common/posts';
import { requestContacts } from '../../src/client/contact-request';
import { submitPosts } from '../../src/client/ingest';
import { startPostWorkflow } from '../../src/client/start-post';
import { startJob } from '../../src/client/jobs';
import { scheduleDefinitions } from '../../src/schedules/definitions';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { makeReadyPost } from '../harness/ready-posts';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const SUBSCRIBER = 8_181;
const INGEST_POSTS = 50;

/** Each from a channel of its own, so fairness (which shares between channels) can't be what puts the request first. */
const ingestPost = (i: number): PostInput => ({
  source: `@bulk_cars_${i}`,
  messageId: 20_000 + i,
  text: `Продаю Kia Rio ${2010 + (i % 12)}, ${60 + i} 000 км, ${4_000_000 + i * 11_000} тг, Астана, +7 702 ${String(100 + i).padStart(3, '0')} 11 22`,
});

/** The priority key a workflow was started (or last updated) with. */
async function priorityOf(client: Client, workflowId: string): Promise<number | null | undefined> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return description.raw.workflowExecutionInfo?.priority?.priorityKey;
}

describe('priorities', () => {
  let t: TestTemporal;
  let parts: PipelineParts;

  beforeAll(async () => {
    t = await openTestTemporal();
    parts = await startPipelineParts();
    parts.telegramEmulator.addUser({ id: SUBSCRIBER, first_name: 'Subscriber' });
    await parts.store.replaceSubscribers([
      { telegramUserId: SUBSCRIBER, username: 'dana', plan: 'month', expiresAt: new Date('2099-01-01T00:00:00Z'), active: true, notes: null },
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('each intake starts its work at its row of the table', async () => {
    const live = await startPostWorkflow(t.client, ingestPost(900));
    const [bulk] = await submitPosts(t.client, [{ line: 1, post: ingestPost(901) }]);
    const contact = await requestContacts(t.client, SUBSCRIBER, 999_999);
    const job = await startJob(t.client, scheduleDefinitions(t.config), 'collect-stats');
    expect(await priorityOf(t.client, live.workflowId)).toBe(PRIORITY.live);
    expect(await priorityOf(t.client, bulk.workflowId)).toBe(PRIORITY.bulk);
    expect(await priorityOf(t.client, contact.workflowId)).toBe(PRIORITY.contactRequest);
    expect(await priorityOf(t.client, job.run.workflowId)).toBe(PRIORITY.live);
    for (const id of [live.workflowId, bulk.workflowId, contact.workflowId, job.run.workflowId]) await t.client.workflow.getHandle(id).terminate('priorities checked');
  });

  test('a contact request queued behind 50 ingest posts on a saturated queue is served first', async () => {
    const postId = await makeReadyPost(parts.store, { extracted: { contacts: ['+77015550101'] } });
    // The backlog: 50 posts from a file (bulk), then the subscriber's tap on "Contacts".
    const submitted = await submitPosts(
      t.client,
      Array.from({ length: INGEST_POSTS }, (_, i) => ({ line: i + 1, post: ingestPost(i) })),
    );
    expect(submitted.every((s) => s.started)).toBe(true);
    const contact = await requestContacts(t.client, SUBSCRIBER, postId);

    // One worker, one slot for each kind of task: every task waits its turn in the server's queue.
    await t.startWorkers(parts.activities, { overrides: { maxConcurrentWorkflowTaskExecutions: 2, maxConcurrentActivityTaskExecutions: 1, maxConcurrentWorkflowTaskPolls: 2, maxConcurrentActivityTaskPolls: 1 } });
    const handle = t.client.workflow.getHandle(contact.workflowId);
    expect(await handle.result()).toMatchObject({ outcome: 'sent' });
    const closedAt = (await handle.describe()).closeTime!;
    expect(parts.telegramEmulator.sentMessages(SUBSCRIBER).map((m) => m.plainText).join('\n')).toContain('+77015550101');

    // How far the 50 had got when the subscriber had the answer: stored posts, counted in the database.
    const row = await sql<{ n: number }>`select count(*)::int as n from posts where source like '@bulk_cars_%' and message_id < 20900 and created_at <= ${closedAt}`.execute(parts.database.db);
    const storedBefore = row.rows[0].n;
    process.stdout.write(`contact request answered with ${storedBefore} of the ${INGEST_POSTS} ingest posts stored\n`);
    // In arrival order every one of the 50 would have been stored before the request's first step.
    // Served first, the request still lets one ingest activity through each time its own next
    // activity waits for a workflow task (the single activity slot polls in between): 5-7 on a
    // quiet machine, up to 14 on a loaded one.
    expect(storedBefore).toBeLessThan(INGEST_POSTS / 2);
  }, 120_000);
});
