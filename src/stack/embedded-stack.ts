/**
 * The whole service in one process, for a laptop or a demo: Temporal (a dev server unless
 * TEMPORAL_ADDRESS is set), every worker, the HTTP API and the bot, and the vendors' emulators
 * when credentials are absent. What doesn't depend on each other starts at once (server,
 * emulators and database, workflow bundle); whatever fails, everything started is stopped again.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createActivitiesByQueue } from '../activities';
import { startEntryPoints } from '../wiring/entry-points';
import { startChannelWatchers } from '../client/start-watchers';
import type { AppConfig } from '../config';
import type { Store } from '../db';
import { ALL_TASK_QUEUES } from '../common/task-queues';
import type { Logger } from '../observability/logger';
import { applySchedulesAtStart, scheduleDefinitions } from '../schedules';
import { connectClient, temporalAddress } from '../temporal/client';
import { connectNative } from '../temporal/native-connection';
import { promoteVersion } from '../temporal/worker-deployments';
import { createDependencies, openMigratedDatabase, type Dependencies } from '../workers/dependencies';
import { createWorkers, disposeWorkers } from '../workers/create-workers';
import { workflowSourceForWorkers } from '../workers/workflow-bundle';
import { loadOrCreateApiToken, type LocalApiToken } from './api-token';
import { provideCodecKeys, uiCodecEndpoint } from './codec-setup';
import { createClosers } from '../common/closers';
import { startEmulatorsAsNeeded, type RunningEmulators } from './emulators';
import { assertPortsFree } from './ports';
import { prepareTemporalServer, type TemporalEndpoint } from './temporal-server';

export interface EmbeddedStack {
  temporalAddress: string;
  uiUrl?: string;
  /** Whether the Temporal server is a dev server of ours. */
  localTemporal: boolean;
  workers: Worker[];
  /** A client of the stack's server, for starting and watching workflows. */
  client: Client;
  store: Store;
  /** Where the HTTP API listens, e.g. `http://127.0.0.1:3000/api/v1`. */
  apiUrl: string;
  /** The dashboard page, e.g. `http://127.0.0.1:3000/dashboard`. */
  dashboardUrl: string;
  /** The token of a run without API_TOKENS, and where it is kept. */
  apiToken?: LocalApiToken;
  /** Base URL of each emulator running (openai, telegram, sheets). */
  emulatorUrls: Record<string, string>;
  /** The configuration in force, pointed at the emulators that were started. */
  config: AppConfig;
  /** Resolves when every worker has stopped (after `shutdown()`) and everything else with them; rejects if a worker failed. */
  run(): Promise<void>;
  /** Starts a graceful stop: no new work, in-flight activities get WORKER_SHUTDOWN_GRACE. */
  shutdown(): void;
  /** A forced stop (second Ctrl-C): the dev server gets a few seconds, then is killed. */
  stopNow(): Promise<void>;
}

export interface StartOptions {
  /** Aborts a start in progress (Ctrl-C during start-up): what has started is stopped, and the start rejects. */
  signal?: AbortSignal;
}

/** Stops the parts started so far, last first; a failing step is logged, the others still run. */
function cleanupStack(log: Logger) {
  const closers = createClosers();
  return {
    add: closers.add,
    run: () => closers.closeAll((err) => log.warn('while stopping', { error: String(err) })),
  };
}

/** Logs at debug how long a start-up step took, for finding where start-up time goes. */
async function timed<T>(log: Logger, what: string, step: Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await step;
  log.debug(`start-up: ${what} ready in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  return value;
}

/** Settles every start-up task; if one failed, the others' parts are registered for cleanup and the first error thrown. */
async function startTogether<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export async function startEmbeddedStack(config: AppConfig, log: Logger, options: StartOptions = {}): Promise<EmbeddedStack> {
  // Keys first: every client and worker below encrypts with them (a local key is made once and kept).
  config = provideCodecKeys(config, (line) => log.info(line));
  const uiCodec = uiCodecEndpoint(config);
  const cleanup = cleanupStack(log);
  const checkpoint = () => options.signal?.throwIfAborted();
  const debug = (line: string) => log.debug(line);
  try {
    // Before anything starts: a taken port or a Temporal server that isn't there stops us at once, naming the setting.
    await assertPortsFree([{ host: config.api.host, port: config.api.port, variable: 'API_PORT' }]);
    const startTemporal = await prepareTemporalServer(config, (line) => log.info(line), debug, { uiCodecEndpoint: uiCodec.url });
    checkpoint();

    let temporal: TemporalEndpoint | undefined;
    let emulators: RunningEmulators | undefined;
    let deps: Dependencies | undefined;
    const [, , workflows] = await startTogether([
      timed(log, 'Temporal server', startTemporal()).then((t) => {
        temporal = t;
        cleanup.add(() => t.stop());
      }),
      // The database opens while the emulators start; the vendors' clients need the emulators' addresses.
      startTogether([
        timed(log, 'emulators', startEmulatorsAsNeeded(config, debug)).then((e) => {
          cleanup.add(e.close);
          return e;
        }),
        timed(log, 'database', openMigratedDatabase(config, debug)).then((d) => {
          cleanup.add(() => d.close());
          return d;
        }),
      ] as const).then(async ([e, database]) => {
        emulators = e;
        deps = await createDependencies(e.config, { temporalAddress: temporalAddress(config), log: debug, database });
        cleanup.add(deps.close);
      }),
      timed(log, 'workflow bundle', workflowSourceForWorkers((line) => log.info(line))),
    ] as const);
    if (!temporal || !emulators || !deps) throw new Error('start-up finished without its parts');
    config = emulators.config;
    checkpoint();

    // The workers, and the schedules through a client, at once: a run the schedules start waits in its queue for a moment.
    const hint = 'start that server, or unset TEMPORAL_ADDRESS';
    const address = temporal.address;
    const activities = createActivitiesByQueue(deps.activityDeps);
    let workers: Worker[] = [];
    let running: Promise<unknown> = Promise.resolve();
    let client: Client | undefined;
    await startTogether([
      timed(log, 'workers', (async () => {
        const connection: NativeConnection = await connectNative(config, address, hint);
        cleanup.add(() => connection.close());
        workers = await createWorkers({ connection, config, activities, queues: ALL_TASK_QUEUES, workflows });
        // Polling from here on; stopping means draining them first, before their connection closes.
        running = Promise.all(workers.map((w) => w.run()));
        running.catch(() => undefined); // handled in run(); until then a failure must not end the process
        cleanup.add(async () => {
          await disposeWorkers(workers);
          await running.catch(() => undefined);
        });
      })()),
      timed(log, 'schedules', (async () => {
        client = await connectClient(config, address, hint);
        const c = client;
        cleanup.add(() => c.connection.close());
        await applySchedulesAtStart(c, scheduleDefinitions(config), log);
      })()),
    ] as const);
    if (!client) throw new Error('start-up finished without a client');
    const stackClient: Client = client;
    await startWatchersAtStart(stackClient, config, deps.store, log);
    log.debug(`workers polling: ${workers.map((w) => w.options.taskQueue).join(', ')}`);
    // Worker Versioning: this stack runs every worker, so its build is the one that takes new work.
    if (config.worker.deployment) await timed(log, 'current version', promoteVersion(stackClient, config.worker.deployment));
    checkpoint();

    const apiToken = config.api.tokens.length === 0 ? loadOrCreateApiToken(path.resolve(config.dataDir)) : undefined;
    // Intake last, once workers are polling: the API and the bot (long polling against the emulator without a token).
    const { temporal: temporalProbe, database: databaseProbe } = deps.activityDeps.health.probes;
    const entryPoints = await startEntryPoints({
      config,
      client: stackClient,
      store: deps.store,
      readiness: {
        temporal: temporalProbe ?? (() => stackClient.connection.workflowService.getSystemInfo({})),
        ...(databaseProbe && { database: databaseProbe }),
      },
      log,
      tokenIfNone: apiToken?.token,
      announce: false,
      codecPathToken: uiCodec.token,
      temporalUiUrl: temporal.uiUrl,
    });
    cleanup.add(entryPoints.stop);
    checkpoint();

    const endpoint = temporal;
    let stopping: Promise<void> | undefined;
    return {
      temporalAddress: endpoint.address,
      uiUrl: endpoint.uiUrl,
      localTemporal: endpoint.local,
      workers,
      client: stackClient,
      store: deps.store,
      apiUrl: entryPoints.apiUrl,
      dashboardUrl: entryPoints.apiUrl.replace(/\/api\/v1$/, '/dashboard'),
      apiToken,
      emulatorUrls: emulators.urls,
      config,
      run: async () => {
        let failure: unknown;
        await running.catch((err: unknown) => (failure = err));
        if (failure) log.error('a worker failed: stopping everything', { error: String(failure) });
        await (stopping ??= cleanup.run());
        if (failure) throw failure;
      },
      shutdown: () => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown()),
      stopNow: async () => {
        await endpoint.stop({ graceMs: 3_000 });
      },
    };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

/**
 * One watcher per active channel from the start (the sync-channels schedule keeps them in step
 * with the sheet afterwards); a database without channels yet gets its first sync now.
 */
async function startWatchersAtStart(client: Client, config: AppConfig, store: Store, log: Logger): Promise<void> {
  if (config.monitor.reader === 'off') return;
  const active = await store.listActiveChannels();
  if (active.length === 0) {
    await client.schedule
      .getHandle('sync-channels')
      .trigger()
      .catch((err: unknown) => log.warn('could not run sync-channels now; the schedule will', { error: String(err) }));
    return;
  }
  const report = await startChannelWatchers(client, config.monitor.reader, active.map((c) => c.chat));
  log.debug(`channel watchers: ${report.started.length} started, ${report.running.length} running (${config.monitor.reader})`);
  for (const u of report.unreadable) log.warn(`${u.channel} is not watched: ${u.reason}`);
}
