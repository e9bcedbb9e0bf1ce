/**
 * One Temporal dev server for the whole test run, started with the product's own launcher and
 * server settings (fairness on, as compose's server), and
 * the product's compiled CLI and prebuilt workflow bundle brought up to date (the processes the
 * end-to-end tests start use them; every test file's workers load that one bundle). If the
 * server can't start, the run fails here: workflow tests are never skipped silently.
 */
import { findBinary } from '../../src/temporal/binaries';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';
import { serverDynamicConfig } from '../../src/temporal/dynamic-config';
import { buildWorkflowBundle, currentPrebuiltBundle, saveWorkflowBundle } from '../../src/workers/workflow-bundle';
import { TEST_CODEC_KEYS } from './codec';

declare global {
  var __carsBotDevServer: RunningDevServer | undefined;
}

/** The prebuilt bundle's path, bundling the workflows first when they changed since it was built. */
async function workflowBundlePath(): Promise<string> {
  const current = currentPrebuiltBundle();
  if (current) return current;
  saveWorkflowBundle(await buildWorkflowBundle());
  const saved = currentPrebuiltBundle();
  if (!saved) throw new Error('the workflow bundle was saved but does not match the sources');
  return saved;
}

export default async function globalSetup(): Promise<void> {
  const executable = findBinary('cli');
  if (!executable) {
    throw new Error('The Temporal CLI was not found. Run `npm test` (its pretest step installs it) or set TEMPORAL_CLI_PATH.');
  }
  // bin/cars-bot.js would compile on first use; once here, so test processes never race to do it.
  (require('../../scripts/build-dist.js') as { transpile(): boolean }).transpile();
  const [server, bundlePath] = await Promise.all([startDevServer({ executable, dynamicConfig: serverDynamicConfig() }), workflowBundlePath()]);
  globalThis.__carsBotDevServer = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  // CLI commands that tests run in-process or as child processes encrypt with the tests' keys.
  process.env.CODEC_KEYS ??= TEST_CODEC_KEYS;
}
