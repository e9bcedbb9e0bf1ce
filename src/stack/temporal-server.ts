/**
 * The Temporal server for the embedded stack: the configured one (checked to answer, in
 * seconds), or a local dev server with its Web UI that keeps its data in DATA_DIR so a restart
 * keeps workflows and schedules. A dev server left behind by a start that was killed is stopped
 * first, never silently reused; a port someone else holds stops the start with its variable.
 */
import path from 'node:path';
import type { AppConfig } from '../config';
import { assertTemporalAnswers } from '../temporal/client';
import { startDevServer, stopLeftoverDevServer } from '../temporal/dev-server';
import { serverDynamicConfig } from '../temporal/dynamic-config';
import { ensureTemporalBinaries } from '../temporal/install-binaries';
import { assertPortsFree } from './ports';

export interface TemporalEndpoint {
  address: string;
  uiUrl?: string;
  /** Whether we run it (a dev server) or it was there (TEMPORAL_ADDRESS). */
  local: boolean;
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Ends it at once, for a forced stop (a second Ctrl-C). */
  kill(): void;
}

/** Where the dev server's pid is kept while it runs. */
export function devServerPidFile(config: AppConfig): string {
  return path.resolve(config.dataDir, 'temporal-dev-server.pid');
}

/**
 * Checks what can fail fast — the configured server answers, or the dev server's binary is
 * here and its ports are free (after stopping one left behind) — and returns the start itself,
 * which the stack runs alongside the rest of its start-up.
 */
export async function prepareTemporalServer(
  config: AppConfig,
  log: (line: string) => void,
  debug: (line: string) => void = () => undefined,
  options: { uiCodecEndpoint?: string } = {},
): Promise<() => Promise<TemporalEndpoint>> {
  const configured = config.temporal.address;
  if (configured) {
    await assertTemporalAnswers(config, configured, 'start that server, or unset TEMPORAL_ADDRESS and `npm start` runs a local dev server');
    return async () => ({ address: configured, local: false, stop: async () => {}, kill: () => {} });
  }
  const executable = config.temporal.cliPath ?? ensureTemporalBinaries({ kinds: ['cli'], dataDir: config.dataDir, log }).cli!;
  const dbFilename = path.resolve(config.dataDir, 'temporal.db');
  const pidFile = devServerPidFile(config);
  const leftover = await stopLeftoverDevServer(pidFile, dbFilename);
  if (leftover) log(`stopped a Temporal dev server (pid ${leftover}) that an earlier start left running`);
  const host = '127.0.0.1';
  // The same server settings as compose's server (fairness on): read before anything starts, so a bad file stops the start at once.
  const dynamicConfig = serverDynamicConfig();
  await assertPortsFree([
    { host, port: config.temporal.devPort, variable: 'TEMPORAL_DEV_PORT' },
    { host, port: config.temporal.uiPort, variable: 'TEMPORAL_UI_PORT' },
  ]);
  return async () => {
    const server = await startDevServer({
      executable,
      host,
      namespace: config.temporal.namespace,
      port: config.temporal.devPort,
      uiPort: config.temporal.uiPort,
      uiCodecEndpoint: options.uiCodecEndpoint,
      dbFilename,
      dynamicConfig,
      pidFile,
      logFile: path.resolve(config.dataDir, 'temporal-dev-server.log'),
      log: debug,
    });
    return {
      address: server.address,
      uiUrl: server.uiUrl,
      local: true,
      stop: server.stop,
      kill: () => {
        try {
          process.kill(-server.process.pid!, 'SIGKILL');
        } catch {
          // gone already
        }
      },
    };
  };
}
