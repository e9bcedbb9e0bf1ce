/** `cars-bot deploy status|promote`: the versions of our Worker Deployment, and making a build current. */
import type { Command } from 'commander';
import type { AppConfig } from '../../config';

/** The deployment a command is about: `--deployment`, else WORKER_DEPLOYMENT_NAME. */
function deploymentName(config: AppConfig, given?: string): string {
  const name = given ?? config.worker.deployment?.name;
  if (!name) throw new Error('no Worker Deployment: set WORKER_DEPLOYMENT_NAME (as the workers have it) or pass --deployment <name>');
  return name;
}

export function registerDeploy(program: Command): void {
  const deploy = program
    .command('deploy')
    .summary('Worker Versioning: which builds run, which one takes new work, which still drain')
    .description(
      'Rolling deploys with Worker Versioning (WORKER_DEPLOYMENT_NAME): each build of the workers is a version of the Worker Deployment. New posts go to the current version; a post stays on the version it started on until it ends, so an old version drains and can then be stopped.',
    );
  deploy
    .command('status')
    .description('Show the deployment\'s versions: current, ramping, draining (workflows still running on it) or drained (safe to stop its workers).')
    .option('--deployment <name>', 'the Worker Deployment (default: WORKER_DEPLOYMENT_NAME)')
    .option('--json', 'print it as JSON')
    .addHelpText('after', '\nExamples:\n  cars-bot deploy status\n  cars-bot deploy status --json\n  temporal worker deployment describe --name cars-bot   # the same, from the Temporal CLI')
    .action(async (opts: { deployment?: string; json?: boolean }) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { describeDeployment, formatDeploymentStatus } = await import('../../temporal/worker-deployments');
      const { config } = cliContext();
      const name = deploymentName(config, opts.deployment);
      await withClient(config, async (client) => {
        const status = await describeDeployment(client, name);
        if (!status) throw new Error(`no worker of deployment ${name} has polled namespace ${config.temporal.namespace} yet`);
        process.stdout.write(`${opts.json ? JSON.stringify(status, null, 2) : formatDeploymentStatus(status)}\n`);
      });
    });
  deploy
    .command('promote')
    .description('Make a build the current version: new posts and jobs go to it from now on; posts pinned to older versions finish where they started.')
    .option('--deployment <name>', 'the Worker Deployment (default: WORKER_DEPLOYMENT_NAME)')
    .option('--build-id <id>', 'the build to make current (default: this build, WORKER_BUILD_ID or <version>-<git commit>)')
    .addHelpText('after', '\nExamples:\n  cars-bot deploy promote\n  cars-bot deploy promote --build-id 0.2.0-3f9c2a1b7d4e\n  temporal worker deployment set-current-version --deployment-name cars-bot --build-id 0.2.0-3f9c2a1b7d4e')
    .action(async (opts: { deployment?: string; buildId?: string }) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { describeDeployment, formatDeploymentStatus, promoteVersion } = await import('../../temporal/worker-deployments');
      const { config } = cliContext();
      const name = deploymentName(config, opts.deployment);
      const buildId = opts.buildId ?? config.worker.deployment?.buildId;
      if (!buildId) throw new Error('which build? pass --build-id <id>');
      await withClient(config, async (client) => {
        await promoteVersion(client, { name, buildId }, { timeoutMs: 10_000 });
        const status = await describeDeployment(client, name);
        process.stdout.write(`${name}:${buildId} is now the current version.\n${status ? `${formatDeploymentStatus(status)}\n` : ''}`);
      });
    });
}
