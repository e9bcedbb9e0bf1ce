/**
 * What the routes work with: a Temporal client to start, signal and query workflows, the store
 * to read posts and figures, and the declared schedules. Routes get it passed in, so tests build
 * a server over their own namespace, database and schedules.
 */
import type { Client } from '@temporalio/client';
import type { Store } from '../db';
import type { Logger } from '../observability/logger';
import type { ScheduleDefinition } from '../schedules';

/** The routes' dependencies, built once per server. */
export interface ApiContext {
  client: Client;
  store: Store;
  definitions: readonly ScheduleDefinition[];
  /** How long `POST /jobs/{name}/run?wait=true` waits before answering 504 (a `timeout` parameter may shorten or lengthen it). */
  jobWaitTimeoutMs: number;
  log: Logger;
}
