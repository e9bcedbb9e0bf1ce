/**
 * An AI attempt the server marked started but no worker ran (under load the server can lose a
 * poll's answer after recording the start, temporalio/temporal#11733): nothing fails it, so only
 * a timeout ends it. It must be the heartbeat timeout (20 s), not the start-to-close timeout
 * (90 s) that held posts up for 60–90 s under load. Here the worker gets the first classify
 * attempt and sits on it without running the step, as a lost one would; on the dev server,
 * with the product's workers and option sets.
 */
import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { postWorkflowId, type PostInput, type ProcessPostResult } from '../../src/common/posts';
import type { ActivitiesByQueue } from '../../src/activities';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';

const { EventType, TimeoutType } = temporal.api.enums.v1;

describe('an AI attempt that no worker runs', () => {
  let t: TestTemporal;
  let parts: PipelineParts;

  beforeAll(async () => {
    t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '600' });
    parts = await startPipelineParts();
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  test('is retried after the heartbeat timeout, and the post goes on', async () => {
    const ai = parts.activities.ai!;
    // The first classify attempt is held, unrun and silent, until the post is done.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const activities: ActivitiesByQueue = {
      ...parts.activities,
      ai: {
        ...ai,
        classifyPost: async (postId: number) => {
          if (Context.current().info.attempt === 1) {
            held += 1;
            await released;
            throw new Error('a lost attempt');
          }
          return (ai.classifyPost as (id: number) => Promise<unknown>)(postId);
        },
      },
    };
    await t.startWorkers(activities);
    const post: PostInput = { source: '@lost_attempt_cars', messageId: 9301, text: 'Продаю Toyota Camry 2018, 60 000 км, 2.5 бензин, автомат, 13 500 000 тг, Алматы, +7 701 333 44 55' };
    const workflowId = postWorkflowId(post.source, post.messageId);
    const handle = await t.client.workflow.start('processPost', { taskQueue: TASK_QUEUES.workflows, workflowId, args: [{ post }] });
    const result = (await handle.result().finally(release)) as ProcessPostResult;

    expect(result.status).toBe('published');
    expect(held).toBe(1);
    const events = (await handle.fetchHistory()).events ?? [];
    const classify = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'classifyPost');
    const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED && String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(classify?.eventId));
    // The second attempt ran, after the first timed out on its heartbeat (start-to-close: the 90 s wait).
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    expect(started?.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
  }, 150_000);
});
