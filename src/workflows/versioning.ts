/**
 * Worker Versioning behaviours, declared beside each workflow. A behaviour may only be reported
 * by a versioned worker (the server refuses it from an unversioned one), so it is given when the
 * task runs on a worker with a deployment version (WORKER_DEPLOYMENT_NAME), and left out
 * otherwise.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { WorkflowDefinitionOptions } from '@temporalio/common';

/** PINNED under versioning: every task of the run stays on the build it started on. */
export function pinnedWhenVersioned(): WorkflowDefinitionOptions {
  // An unversioned worker reports a version too, with no deployment name (its build id alone).
  return workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior: 'PINNED' } : {};
}
