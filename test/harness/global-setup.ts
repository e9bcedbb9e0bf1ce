/**
 * One Temporal dev server for the whole test run, started with the product's own launcher,
 * and one workflow bundle shared by every test file. If the server can't start, the run fails
 * here: workflow tests are never skipped silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { findBinary } from '../../src/temporal/binaries';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter';
import { TEST_CODEC_KEYS } from './codec';

declare global {
  var __carsBotDevServer: RunningDevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  const executable = findBinary('cli');
  if (!executable) {
    throw new Error('The Temporal CLI was not found. Run `npm test` (its pretest step installs it) or set TEMPORAL_CLI_PATH.');
  }
  const tmp = path.resolve(__dirname, '..', '.tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const [server, bundle] = await Promise.all([
    startDevServer({ executable }),
    // With the product's failure converter, as Worker.create would bundle it from the data converter.
    bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger }),
  ]);
  globalThis.__carsBotDevServer = server;
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  // CLI commands that tests run in-process or as child processes encrypt with the tests' keys.
  process.env.CODEC_KEYS ??= TEST_CODEC_KEYS;
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, log: noop, warn: console.warn, error: console.error };
