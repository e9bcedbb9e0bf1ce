/**
 * The HTTP API over real parts for tests: a Temporal namespace of its own with the product's
 * workers, and a schedule list of the product's health check plus one job no worker ever picks
 * up (for wait timeouts). With `pipeline`, also the in-memory database and the OpenAI and
 * Telegram emulators behind the post pipeline; without it, routes that would read the database
 * fail loudly (and the harness starts in a second instead of fifteen).
 */
import type { FastifyInstance } from 'fastify';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { createActivitiesByQueue, type ActivitiesByQueue } from '../../src/activities';
import { buildApiServer, type ApiServerDeps } from '../../src/api/server';
import type { Database, Store } from '../../src/db';
import { createDependencies } from '../../src/workers/dependencies';
import { createLogger } from '../../src/observability/logger';
import { applySchedules, scheduleDefinitions, type ScheduleDefinition } from '../../src/schedules';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { openTestTemporal, type TestTemporal } from '../harness/temporal';
import { testDefinition } from '../schedules/fixtures';

export const TOKENS = ['first-test-token', 'second-test-token'];
export const AUTH = { authorization: `Bearer ${TOKENS[0]}` };

export interface ApiHarness {
  t: TestTemporal;
  /** Present when started with `pipeline: true`. */
  parts?: PipelineParts;
  definitions: ScheduleDefinition[];
  app: FastifyInstance;
  /** Every line the API logged. */
  logLines: string[];
  /** Another server over the same parts, with some dependencies replaced (close it yourself). */
  build(overrides?: Partial<ApiServerDeps>): FastifyInstance;
  close(): Promise<void>;
}

/** A store for tests that never reach the database: any use is a test bug, said loudly. */
export const noDatabase = new Proxy({} as Store, {
  get: (_target, name) => () => Promise.reject(new Error(`this test has no database (store.${String(name)} called)`)),
});

/** A database handle for the dependency builder that fails any query, so nothing opens or migrates one. */
function noDatabaseHandle(): Database {
  class FailingDriver extends DummyDriver {
    override acquireConnection(): never {
      throw new Error('this test has no database (a query was sent)');
    }
  }
  const db = new Kysely<never>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new FailingDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db: db as unknown as Database['db'], driver: 'postgres', close: () => db.destroy() };
}

/**
 * The product's activities over no database: the builder's wiring with every store call failing
 * loudly, no health probes and no channel reader (these tests watch no channels).
 */
async function activitiesWithoutDatabase(t: TestTemporal): Promise<{ activities: ActivitiesByQueue; close(): Promise<void> }> {
  const database = noDatabaseHandle();
  const deps = await createDependencies(t.config, {
    database,
    clients: { reader: undefined },
    wrapStore: () => noDatabase,
    activities: { health: { probes: {} } },
  });
  return {
    activities: createActivitiesByQueue(deps.activityDeps),
    async close() {
      await deps.close();
      await database.close();
    },
  };
}

export async function startApiHarness(options: { pipeline?: boolean; applySchedules?: boolean } = {}): Promise<ApiHarness> {
  // The channel's posting rate is not what these tests are about: let publications through at once.
  const t = await openTestTemporal({ PUBLISH_RATE_PER_MINUTE: '6000' });
  const parts = options.pipeline ? await startPipelineParts() : undefined;
  const bare = parts ? undefined : await activitiesWithoutDatabase(t);
  await t.startWorkers(parts?.activities ?? bare!.activities);
  const definitions = [
    ...scheduleDefinitions(t.config).filter((d) => d.id === 'health-check'),
    testDefinition('stuck-job', { taskQueue: 'nobody-polls', workflowExecutionTimeout: '1m' }),
    testDefinition('never-applied'),
  ];
  if (options.applySchedules) await applySchedules(t.client, definitions.filter((d) => d.id !== 'never-applied'));
  const logLines: string[] = [];
  const build = (overrides: Partial<ApiServerDeps> = {}) =>
    buildApiServer({
      client: t.client,
      store: parts?.store ?? noDatabase,
      definitions,
      tokens: TOKENS,
      readiness: {
        temporal: () => t.client.connection.workflowService.getSystemInfo({}),
        ...(parts && { database: () => sql`select 1`.execute(parts.database.db) }),
      },
      log: createLogger('info', (line) => logLines.push(line)),
      jobWaitTimeoutMs: 30_000,
      ...overrides,
    });
  const app = build();
  await app.ready();
  return {
    t,
    parts,
    definitions,
    app,
    logLines,
    build,
    async close() {
      await app.close();
      await t.close();
      await parts?.close();
      await bare?.close();
    },
  };
}
