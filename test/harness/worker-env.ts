/**
 * The environment a deployment gives one of our worker processes, for tests that run them as
 * separate processes: the run's Temporal server and the test's namespace, the test's own schema
 * of a shared PostgreSQL (in DATABASE_URL's search_path), a data directory of its own, and no
 * embedded emulators (the test starts the ones it wants and names them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestTemporal } from './temporal';

/** `databaseUrl` with `schema` as its search_path, so every connection of the process uses it. */
export function schemaDatabaseUrl(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** The test's environment with the worker settings above; `dataDirPrefix` names the temporary data directory. */
export function workerProcessEnv(options: { t: TestTemporal; databaseUrl: string; schema: string; dataDirPrefix: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
    TEMPORAL_NAMESPACE: options.t.namespace,
    DATABASE_URL: schemaDatabaseUrl(options.databaseUrl, options.schema),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix)),
    EMULATORS: 'off',
    LOG_LEVEL: 'info',
  };
}
