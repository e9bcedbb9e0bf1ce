/**
 * The client side of Worker Versioning: which versions of our Worker Deployment the server knows,
 * which one is current, which are still draining pinned posts — and making a new build current.
 * The same as `temporal worker deployment describe|set-current-version`, for `cars-bot deploy`
 * and the embedded stack.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const VersionStatus = temporal.api.enums.v1.WorkerDeploymentVersionStatus;

/** One version (build) of the deployment as the server sees it. */
export interface DeploymentVersion {
  buildId: string;
  /** current: takes new work; ramping: some of it; draining: pinned workflows still run on it; drained: none do; inactive: never current. */
  status: 'current' | 'ramping' | 'draining' | 'drained' | 'inactive' | 'created' | 'unknown';
  createdAt?: string;
  /** Workflows still running on it (pinned ones, or not yet moved). */
  running?: number;
}

export interface DeploymentStatus {
  name: string;
  currentBuildId?: string;
  rampingBuildId?: string;
  rampingPercent?: number;
  versions: DeploymentVersion[];
}

function statusName(status: number | null | undefined): DeploymentVersion['status'] {
  switch (status) {
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT:
      return 'current';
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING:
      return 'ramping';
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING:
      return 'draining';
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED:
      return 'drained';
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE:
      return 'inactive';
    case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CREATED:
      return 'created';
    default:
      return 'unknown';
  }
}

const isNotFound = (err: unknown) => (err as { code?: number }).code === 5 || /not found/i.test((err as Error).message ?? '');

/** The deployment's versions, newest first; undefined when no worker of it has polled yet. */
export async function describeDeployment(client: Client, name: string): Promise<DeploymentStatus | undefined> {
  let info;
  try {
    info = (await client.workflowService.describeWorkerDeployment({ namespace: client.options.namespace, deploymentName: name })).workerDeploymentInfo;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const routing = info?.routingConfig;
  const versions: DeploymentVersion[] = await Promise.all(
    (info?.versionSummaries ?? []).map(async (v) => {
      const buildId = v.deploymentVersion?.buildId ?? '';
      const seconds = v.createTime?.seconds;
      // Visibility keeps each workflow's version (`<deployment>:<build id>`) in a system search attribute.
      const running = await client.workflow
        .count(`TemporalWorkerDeploymentVersion = '${name}:${buildId}' AND ExecutionStatus = 'Running'`)
        .then((r) => r.count)
        .catch(() => undefined);
      return {
        buildId,
        status: statusName(v.status),
        createdAt: seconds != null ? new Date(Number(seconds) * 1000).toISOString() : undefined,
        running,
      };
    }),
  );
  versions.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return {
    name,
    currentBuildId: routing?.currentDeploymentVersion?.buildId ?? undefined,
    rampingBuildId: routing?.rampingDeploymentVersion?.buildId ?? undefined,
    rampingPercent: routing?.rampingDeploymentVersion ? (routing.rampingVersionPercentage ?? 0) : undefined,
    versions,
  };
}

/**
 * Makes `buildId` the deployment's current version: new posts and jobs go to it, posts pinned to
 * older versions finish there. Waits (up to `timeoutMs`) for that build's workers to have polled,
 * since the server knows a version only from its pollers.
 */
export async function promoteVersion(client: Client, deployment: { name: string; buildId: string }, options: { identity?: string; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      await client.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: client.options.namespace,
        deploymentName: deployment.name,
        buildId: deployment.buildId,
        identity: options.identity ?? client.options.identity,
      });
      return;
    } catch (err) {
      // Not known yet (no poller of it has reached the server), or a concurrent change: try again.
      const retryable = isNotFound(err) || /conflict|in progress|no pollers|not ready|not exist/i.test((err as Error).message ?? '') || (err as { code?: number }).code === 9;
      if (!retryable || Date.now() > deadline) {
        throw new Error(`cannot make ${deployment.name}:${deployment.buildId} the current version: ${(err as Error).message.split('\n')[0]}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The status as a table for people. */
export function formatDeploymentStatus(status: DeploymentStatus): string {
  const rows = status.versions.map((v) => {
    const ramp = v.buildId === status.rampingBuildId ? ` (${status.rampingPercent}% of new work)` : '';
    const running = v.running === undefined ? '' : `${v.running} running`;
    return `  ${v.buildId.padEnd(28)} ${`${v.status}${ramp}`.padEnd(24)} ${running.padEnd(12)} ${v.createdAt ?? ''}`.trimEnd();
  });
  return [
    `Worker Deployment ${status.name}: current ${status.currentBuildId ?? '(none: new work waits for a current version)'}`,
    `  ${'build id'.padEnd(28)} ${'status'.padEnd(24)} ${'workflows'.padEnd(12)} first seen`,
    ...rows,
  ].join('\n');
}

/**
 * The first build of a deployment becomes current by itself (nothing runs on an older one, and
 * without a current version new work would wait); later builds wait for `cars-bot deploy promote`.
 * Returns whether it made this build current.
 */
export async function promoteIfFirst(client: Client, deployment: { name: string; buildId: string }, options: { timeoutMs?: number } = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  // The deployment exists once a poller of it reached the server.
  let status = await describeDeployment(client, deployment.name);
  while (!status?.versions.some((v) => v.buildId === deployment.buildId) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await describeDeployment(client, deployment.name);
  }
  if (status?.currentBuildId || status?.rampingBuildId) return false;
  await promoteVersion(client, deployment, { timeoutMs: Math.max(1_000, deadline - Date.now()) });
  return true;
}
