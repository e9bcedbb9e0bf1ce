/**
 * Worker Versioning with Worker Deployments: with WORKER_DEPLOYMENT_NAME set, every worker of
 * this build polls as the version `<deployment>:<build id>`. The server sends new workflows to
 * the deployment's current version; a workflow marked PINNED (processPost, publishPost) keeps
 * every later task on the version it started on, so a rolling deploy never replays a post in
 * flight on changed code, and the old version drains. Everything else (the schedules' short
 * jobs, contact requests, health checks) is AUTO_UPGRADE: its next task goes to the current
 * version. Activities of a versioned workflow run on workers of its version too.
 */
import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';

/** The workers' deployment options, or nothing for unversioned workers. */
export function deploymentOptionsFor(config: AppConfig): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  const deployment = config.worker.deployment;
  if (!deployment) return {};
  return {
    workerDeploymentOptions: {
      version: { deploymentName: deployment.name, buildId: deployment.buildId },
      useWorkerVersioning: true,
      // Short workflows move to the current version at their next task; long ones say PINNED.
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    },
  };
}
