/**
 * Test access to the run's Temporal dev server. Each test file gets a namespace of its own, so
 * files running in parallel never pick up each other's tasks; workers are built by the
 * product's wiring (`createWorkers`) with the run's shared workflow bundle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { buildAppConfig, parseEnv, type AppConfig } from '../../src/config';
import type { ActivitiesByQueue } from '../../src/activities';
import { ALL_TASK_QUEUES, type TaskQueueName } from '../../src/common/task-queues';
import { SEARCH_ATTRIBUTE_KEYS } from '../../src/common/search-attributes';
import { createWorkers, type WorkflowSource } from '../../src/workers/create-workers';
import { dataConverterFor } from '../../src/temporal/data-converter';
import { clientInterceptorsFor } from '../../src/temporal/client';
import { TEST_CODEC_KEYS } from './codec';
import { waitFor } from './wait-for';

/** The config a test runs with: defaults, a temporary DATA_DIR, the run's Temporal server, the tests' codec keys. */
export function testConfig(env: Record<string, string> = {}, namespace = 'default'): AppConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-test-'));
  return buildAppConfig(
    parseEnv({
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
      TEMPORAL_NAMESPACE: namespace,
      EMULATORS: 'on',
      CODEC_KEYS: TEST_CODEC_KEYS,
      ...env,
    }),
  );
}

/** The workflow bundle that global setup built once for the whole run. */
export function sharedWorkflowBundle(): { workflowBundle: { codePath: string } } {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is unset: run the tests through jest (global setup builds the bundle)');
  return { workflowBundle: { codePath } };
}

/** Registers a fresh namespace with our search attributes and waits until it can be used. */
export async function createTestNamespace(connection: Connection): Promise<string> {
  const namespace = `test-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await waitFor(
    async () => {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
        ),
      });
      await connection.workflowService.listWorkflowExecutions({ namespace, query: `${SEARCH_ATTRIBUTE_KEYS[0].name} = 'x'` });
      return true;
    },
    { timeoutMs: 30_000, what: `namespace ${namespace} ready with search attributes` },
  );
  return namespace;
}

export interface RunningWorkers {
  workers: Worker[];
  stop(): Promise<void>;
}

export interface TestTemporal {
  namespace: string;
  client: Client;
  connection: NativeConnection;
  config: AppConfig;
  /** Starts the product's workers for the given queues (default all) with the given activities. */
  startWorkers(
    activities: ActivitiesByQueue,
    options?: {
      queues?: readonly TaskQueueName[];
      overrides?: Partial<WorkerOptions>;
      config?: AppConfig;
      /** A connection of its own, as a separate worker process would have (needed for a second worker on a queue). */
      ownConnection?: boolean;
      /** Other workflow code than the run's shared bundle (another build). */
      workflows?: WorkflowSource;
    },
  ): Promise<RunningWorkers>;
  close(): Promise<void>;
}

/**
 * Connects to the run's server (or, with `address`, another one a test started) in a new
 * namespace. Call `close()` in afterAll.
 */
export async function openTestTemporal(env: Record<string, string> = {}, options: { address?: string } = {}): Promise<TestTemporal> {
  const address = options.address ?? process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run the tests through jest (global setup starts the server)');
  const clientConnection = await Connection.connect({ address });
  const namespace = await createTestNamespace(clientConnection);
  const config = testConfig({ TEMPORAL_ADDRESS: address, ...env }, namespace);
  // The product's data converter, as every client of ours has it: payloads are encrypted.
  const client = new Client({ connection: clientConnection, namespace, dataConverter: dataConverterFor(config), interceptors: clientInterceptorsFor(config) });
  const connection = await NativeConnection.connect({ address });
  const running: RunningWorkers[] = [];
  return {
    namespace,
    client,
    connection,
    config,
    async startWorkers(activities, options = {}) {
      const workerConnection = options.ownConnection ? await NativeConnection.connect({ address }) : connection;
      const workers = await createWorkers({
        connection: workerConnection,
        config: options.config ?? config,
        activities,
        queues: options.queues ?? ALL_TASK_QUEUES,
        workflows: options.workflows ?? sharedWorkflowBundle(),
        overrides: { shutdownGraceTime: '1s', ...options.overrides },
      });
      const runs = workers.map((w) => w.run());
      const handle: RunningWorkers = {
        workers,
        async stop() {
          for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
          await Promise.all(runs);
          if (workerConnection !== connection) await workerConnection.close();
        },
      };
      running.push(handle);
      return handle;
    },
    async close() {
      await Promise.all(running.map((r) => r.stop()));
      await connection.close();
      await clientConnection.close();
    },
  };
}
