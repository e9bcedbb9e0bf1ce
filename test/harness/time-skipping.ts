/**
 * The time-skipping test server, for workflow tests where hours pass as workflow time: started
 * with our search attributes and the product's data converter, with a plain client beside the
 * time-skipping one.
 *
 * How it skips: whenever time is unlocked, the server jumps to its next timer — also while a
 * workflow task or an activity is in flight, whose timeout is then such a timer (the task times
 * out; with nothing left to hold it the server runs on to the workflow's ten-year execution
 * timeout). The time-skipping client (`env.client`) unlocks time for as long as a `result()` is
 * awaited, so one awaited result skips time under every other workflow's work. Hence, in these
 * tests: move time only with `env.sleep` while every workflow is parked on a timer
 * ({@link waitUntilParked}), and read results through `client` ({@link closedResult}), which never
 * unlocks it.
 */
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../../src/config';
import { SEARCH_ATTRIBUTE_KEYS } from '../../src/common/search-attributes';
import { findBinary } from '../../src/temporal/binaries';
import { clientInterceptorsFor } from '../../src/temporal/client';
import { testDataConverter } from './codec';
import { waitFor } from './wait-for';

export interface TimeSkippingServer {
  env: TestWorkflowEnvironment;
  /** A plain client of the server (the product's data converter): its calls never move time. */
  client: Client;
  namespace: string;
}

/** A plain client of the server; with `config`, the product's interceptors too (what `connectClient` adds: posts carry its quiet hours). */
export function plainClient(env: TestWorkflowEnvironment, config?: AppConfig): Client {
  return new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: testDataConverter(), ...(config && { interceptors: clientInterceptorsFor(config) }) });
}

/** Starts the time-skipping server with our search attributes. */
export async function startTimeSkipping(): Promise<TimeSkippingServer> {
  const path = findBinary('testServer');
  if (!path) throw new Error('temporal-test-server not found: `npm test` installs it, or set TEMPORAL_TEST_SERVER_PATH');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } }, client: { dataConverter: testDataConverter() } });
  const namespace = env.namespace ?? 'default';
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return { env, client: plainClient(env), namespace };
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Whether a run is parked: running, waiting on a timer, with no workflow task and no activity
 * scheduled or in flight — so skipping time can fire nothing but its timer.
 */
export function parkedOnTimer(events: readonly HistoryEvent[]): boolean {
  const timers = new Set<string>();
  const activities = new Set<string>();
  let taskOpen = false;
  for (const e of events) {
    if (e.workflowExecutionCompletedEventAttributes || e.workflowExecutionFailedEventAttributes || e.workflowExecutionTimedOutEventAttributes) return false;
    if (e.timerStartedEventAttributes) timers.add(e.timerStartedEventAttributes.timerId ?? '');
    const closedTimer = e.timerFiredEventAttributes?.timerId ?? e.timerCanceledEventAttributes?.timerId;
    if (closedTimer != null) timers.delete(closedTimer);
    if (e.activityTaskScheduledEventAttributes) activities.add(String(e.eventId));
    const closedActivity =
      e.activityTaskCompletedEventAttributes?.scheduledEventId ??
      e.activityTaskFailedEventAttributes?.scheduledEventId ??
      e.activityTaskTimedOutEventAttributes?.scheduledEventId ??
      e.activityTaskCanceledEventAttributes?.scheduledEventId;
    if (closedActivity != null) activities.delete(String(closedActivity));
    if (e.workflowTaskScheduledEventAttributes) taskOpen = true;
    if (e.workflowTaskCompletedEventAttributes) taskOpen = false;
  }
  return timers.size > 0 && activities.size === 0 && !taskOpen;
}

/** Waits (in real time, time locked) until every run is parked on its timer; then `env.sleep` is safe. */
export async function waitUntilParked(client: Client, workflowIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  for (const id of workflowIds) {
    await waitFor(async () => parkedOnTimer((await client.workflow.getHandle(id).fetchHistory()).events ?? []), { timeoutMs, what: `${id} parked on its timer` });
  }
}

/** A run's result once it has closed, read through the plain client (time stays where it is). */
export async function closedResult<T>(client: Client, workflowId: string, timeoutMs = 60_000): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  await waitFor(async () => (await handle.describe()).status.name !== 'RUNNING', { timeoutMs, what: `${workflowId} closed` });
  return (await handle.result()) as T;
}
