/**
 * `PostStatus` in visibility counts posts, not workflows: posts go through processPost, one is
 * published again by an admin's publishPost, and a real list query on the dev server finds
 * each published post once.
 */
import { TASK_QUEUES } from '../../src/common/task-queues';
import { publishWorkflowId, type PostInput, type ProcessPostResult, type PublishPostResult } from '../../src/common/posts';
import { startPostWorkflow } from '../../src/client/start-post';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

const ADS = [
  'Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. 12 500 000 тг, Алматы, +7 701 123 45 67',
  'Selling my 2016 BMW X5 xDrive35i, 120k km, petrol 3.0, automatic, $28,000. Almaty. Call +7 705 222 33 44',
  'Продается Kia Rio 2015 года. Пробег 150 000 км. 1.6 бензин, автомат. Цена 4 500 000 тг. Караганда. Тел: 87011112233',
];

describe('the PostStatus search attribute', () => {
  let t: TestTemporal;
  let parts: PipelineParts;

  beforeAll(async () => {
    t = await openTestTemporal();
    parts = await startPipelineParts();
    await t.startWorkers(parts.activities);
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('a post published again by publishPost is still one row of PostStatus="published"', async () => {
    const results: ProcessPostResult[] = [];
    for (const [i, text] of ADS.entries()) {
      const post: PostInput = { source: '@cars_kz', messageId: 7100 + i, text, date: '2026-11-20T09:12:00Z' };
      const started = await startPostWorkflow(t.client, post);
      results.push((await t.client.workflow.getHandle(started.workflowId).result()) as ProcessPostResult);
    }
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published']);

    // An admin's re-publication of the first post: it finds the listing sent and sends nothing.
    const again = (await t.client.workflow.execute('publishPost', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: publishWorkflowId(results[0].postId),
      args: [{ postId: results[0].postId }],
    })) as PublishPostResult;
    expect(again.status).toBe('published');

    // Visibility is eventually consistent: wait until it has all four runs closed, then count.
    await waitFor(async () => (await t.client.workflow.count(`ExecutionStatus = 'Completed'`)).count === 4, {
      timeoutMs: 20_000,
      what: 'visibility to list the four completed runs',
    });
    const published = await t.client.workflow.count(`PostStatus = 'published'`);
    expect(published.count).toBe(ADS.length);
    const publishedInDb = (await Promise.all(results.map((r) => parts.store.getPost(r.postId)))).filter((p) => p?.status === 'published');
    expect(published.count).toBe(publishedInDb.length);

    const listed: string[] = [];
    for await (const info of t.client.workflow.list({ query: `PostStatus = 'published'` })) listed.push(info.type);
    expect(listed).toEqual(['processPost', 'processPost', 'processPost']);
  });
});
