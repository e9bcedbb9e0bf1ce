/**
 * The whole service in one process, for a laptop or a demo: Temporal (a dev server unless
 * TEMPORAL_ADDRESS is set), every worker, the HTTP API and the bot, and the vendors' emulators
 * when credentials are absent.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivitiesByQueue } from '../activities';
import { startEntryPoints } from '../api/entry-points';
import type { AppConfig } from '../config';
import type { Store } from '../db';
import { ALL_TASK_QUEUES } from '../common/task-queues';
import type { Logger } from '../observability/logger';
import { applySchedulesAtStart, scheduleDefinitions } from '../schedules';
import { connectClient } from '../temporal/client';
import { createDependencies } from '../workers/dependencies';
import { createWorkers, runWorkers } from '../workers/create-workers';
import { startEmulatorsAsNeeded } from './emulators';
import { provideTemporalServer } from './temporal-server';
import { provideCodecKeys, uiCodecEndpoint } from './codec-setup';

export interface EmbeddedStack {
  temporalAddress: string;
  uiUrl?: string;
  workers: Worker[];
  /** A client of the stack's server, for starting and watching workflows. */
  client: Client;
  store: Store;
  /** Where the HTTP API listens, e.g. `http://127.0.0.1:3000/api/v1`. */
  apiUrl: string;
  /** The configuration in force, pointed at the emulators that were started. */
  config: AppConfig;
  /** Resolves when every worker has stopped (Ctrl-C or `shutdown()`), after cleaning up. */
  run(): Promise<void>;
  shutdown(): void;
}

export async function startEmbeddedStack(config: AppConfig, log: Logger): Promise<EmbeddedStack> {
  config = provideCodecKeys(config, (line) => log.info(line));
  const uiCodec = uiCodecEndpoint(config);
  const temporal = await provideTemporalServer(config, (line) => log.info(line), { uiCodecEndpoint: uiCodec.url });
  const cleanups: (() => Promise<void>)[] = [temporal.stop];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => log.warn('cleanup failed', { error: String(err) }));
  };
  try {
    const emulators = await startEmulatorsAsNeeded(config, (line) => log.info(line));
    cleanups.push(emulators.close);
    config = emulators.config;
    const connection = await NativeConnection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const deps = await createDependencies(config, { temporalAddress: temporal.address, log: (line) => log.info(line) });
    cleanups.push(deps.close);
    const workers = await createWorkers({ connection, config, activities: createActivitiesByQueue(deps.activityDeps), queues: ALL_TASK_QUEUES });
    log.info(`workers polling: ${workers.map((w) => w.options.taskQueue).join(', ')}`);
    const client = await connectClient(config, temporal.address);
    cleanups.push(() => client.connection.close());
    await applySchedulesAtStart(client, scheduleDefinitions(config), log);
    // Intake last, once workers are polling: the API and the bot (long polling against the emulator without a token).
    const { temporal: temporalProbe, database: databaseProbe } = deps.activityDeps.health.probes;
    const entryPoints = await startEntryPoints({
      config,
      client,
      store: deps.store,
      readiness: {
        temporal: temporalProbe ?? (() => client.connection.workflowService.getSystemInfo({})),
        ...(databaseProbe && { database: databaseProbe }),
      },
      log,
      generateTokenIfNone: true,
      codecPathToken: uiCodec.token,
    });
    cleanups.push(entryPoints.stop);
    return {
      temporalAddress: temporal.address,
      uiUrl: temporal.uiUrl,
      workers,
      client,
      store: deps.store,
      apiUrl: entryPoints.apiUrl,
      config,
      run: async () => {
        try {
          await runWorkers(workers);
        } finally {
          await cleanup();
        }
      },
      shutdown: () => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
