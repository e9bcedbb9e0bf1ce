/**
 * One Temporal dev server for the whole test run, started with the product's own launcher.
 * If it can't start, the run fails here: workflow tests are never skipped silently.
 */
import { findBinary } from '../../src/temporal/binaries';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';

declare global {
  // eslint-disable-next-line no-var
  var __carsBotDevServer: RunningDevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  const executable = findBinary('cli');
  if (!executable) {
    throw new Error('The Temporal CLI was not found. Run `npm test` (its pretest step installs it) or set TEMPORAL_CLI_PATH.');
  }
  const server = await startDevServer({
    executable,
  });
  globalThis.__carsBotDevServer = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_NAMESPACE = server.namespace;
}
