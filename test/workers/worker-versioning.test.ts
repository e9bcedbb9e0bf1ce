/**
 * A rolling deploy under Worker Versioning: two builds of the workers with different workflow
 * code run side by side as versions of one Worker Deployment. A post started on the first build
 * finishes there (pinned) while the second build is current and takes the new posts.
 */
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { ProcessPostResult, PostInput } from '../../src/common/posts';
import { startPostWorkflow } from '../../src/client/start-post';
import { describeDeployment, formatDeploymentStatus, promoteVersion } from '../../src/temporal/worker-deployments';
import { buildWorkflowBundle } from '../../src/workers/workflow-bundle';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, testConfig, type TestTemporal } from '../harness/temporal';
import { waitFor } from '../harness/wait-for';

const EventType = temporal.api.enums.v1.EventType;
const DEPLOYMENT = 'cars-bot';
const CAMRY = 'Продаю Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. 12 500 000 тг, Алматы, +7 701 123 45 67';

let messageId = 5000;
const post = (text: string): PostInput => ({ source: '@cars_kz', messageId: ++messageId, text, date: '2026-11-20T09:12:00Z' });

describe('Worker Versioning: two builds side by side', () => {
  let t: TestTemporal;
  let parts: PipelineParts;

  beforeAll(async () => {
    t = await openTestTemporal();
    parts = await startPipelineParts();
  });
  afterAll(async () => {
    await t?.close();
    await parts?.close();
  });

  /** Who completed each workflow task and started each activity of a run, and whether it had a timer. */
  const historyOf = async (workflowId: string) => {
    const history = await t.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    return {
      workflowTasks: events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).map((e) => e.workflowTaskCompletedEventAttributes?.identity),
      activities: events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).map((e) => e.activityTaskStartedEventAttributes?.identity),
      timers: events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED).length,
    };
  };

  test('a post started on build 1 finishes on build 1 after build 2 is made current; new posts run on build 2', async () => {
    const v1 = testConfig({ WORKER_DEPLOYMENT_NAME: DEPLOYMENT, WORKER_BUILD_ID: '0.1.0-build1' }, t.namespace);
    const v2 = testConfig({ WORKER_DEPLOYMENT_NAME: DEPLOYMENT, WORKER_BUILD_ID: '0.1.0-build2' }, t.namespace);
    expect(v1.worker.deployment).toEqual({ name: DEPLOYMENT, buildId: '0.1.0-build1' });

    // Build 1's classify step waits until the test lets it go: its post is in flight during the deploy.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const ai = parts.activities.ai as unknown as { classifyPost(postId: number): Promise<unknown> };
    const build1Activities = {
      ...parts.activities,
      ai: {
        ...ai,
        classifyPost: async (postId: number) => {
          held++;
          await gate;
          return ai.classifyPost(postId);
        },
      },
    };
    await t.startWorkers(build1Activities, { config: v1, ownConnection: true, overrides: { identity: 'build1' } });
    await promoteVersion(t.client, { name: DEPLOYMENT, buildId: '0.1.0-build1' });

    const first = await startPostWorkflow(t.client, post(CAMRY));
    await waitFor(() => held > 0, { timeoutMs: 30_000, what: 'the first post in its classify step on build 1' });

    // Build 2: other workflow code (a timer first), its own workers, then made current.
    const bundle = await buildWorkflowBundle(path.resolve(__dirname, '../fixtures/next-build/workflows.ts'));
    await t.startWorkers(parts.activities, { config: v2, ownConnection: true, overrides: { identity: 'build2' }, workflows: { workflowBundle: { code: bundle.code } } });
    await promoteVersion(t.client, { name: DEPLOYMENT, buildId: '0.1.0-build2' });

    const status = await describeDeployment(t.client, DEPLOYMENT);
    expect(status?.currentBuildId).toBe('0.1.0-build2');
    expect(status?.versions.find((v) => v.buildId === '0.1.0-build1')?.status).toBe('draining');
    expect(formatDeploymentStatus(status!)).toMatch(/0\.1\.0-build1\s+draining\s+1 running/);

    const second = await startPostWorkflow(t.client, post(CAMRY.replace('Camry 2018', 'Corolla 2016')));
    const secondResult = (await t.client.workflow.getHandle(second.workflowId).result()) as ProcessPostResult;
    expect(secondResult.status).toBe('published');

    release();
    const firstResult = (await t.client.workflow.getHandle(first.workflowId).result()) as ProcessPostResult;
    expect(firstResult.status).toBe('published');

    const h1 = await historyOf(first.workflowId);
    expect(new Set(h1.workflowTasks)).toEqual(new Set(['build1']));
    expect(new Set(h1.activities)).toEqual(new Set(['build1']));
    expect(h1.timers).toBe(0);
    const h2 = await historyOf(second.workflowId);
    expect(new Set(h2.workflowTasks)).toEqual(new Set(['build2']));
    expect(h2.timers).toBe(1);

    const described = await t.client.workflow.getHandle(first.workflowId).describe();
    const versioning = described.raw.workflowExecutionInfo?.versioningInfo;
    expect(versioning?.behavior).toBe(temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
    expect(versioning?.deploymentVersion?.buildId).toBe('0.1.0-build1');
  });
});
