/**
 * What each channel watcher is doing, for `cars-bot health` and the dashboard: the running
 * `watchChannel` workflows (a visibility query), each asked its `watcherState`; a watcher that
 * doesn't answer in time (no worker on the workflows queue), and a channel whose watcher has
 * ended, are shown from the row it wrote after its last poll (`channel_watchers`), when the
 * database is at hand. Lag is the number of posts in the channel past the cursor at the last read.
 */
import type { Client } from '@temporalio/client';
import { watcherStateQuery, watcherWorkflowId, type WatcherState } from '../common/monitor';
import { sourceKey } from '../common/posts';
import { WORKFLOW_TYPES } from '../common/workflow-types';
import type { ChannelWatcherState } from '../db';

/** One watcher's line. */
export interface WatcherStatus {
  channel: string;
  workflowId: string;
  running: boolean;
  /** Where the figures come from: the running watcher's query, or its last row in the database. */
  from: 'query' | 'database';
  reader: string | null;
  cursor: number | null;
  newestId: number | null;
  lag: number | null;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string | null;
  lastError: string | null;
  pollIntervalMs: number | null;
  postsStarted: number;
}

export interface WatcherStatusOptions {
  /** The watchers' rows, when the caller has the database. */
  rows?: () => Promise<ChannelWatcherState[]>;
  /** How long a watcher may take to answer its query (default 3 s). */
  queryTimeoutMs?: number;
}

function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function fromQuery(workflowId: string, s: WatcherState): WatcherStatus {
  return {
    channel: s.channel,
    workflowId,
    running: true,
    from: 'query',
    reader: s.reader ?? null,
    cursor: s.cursor,
    newestId: s.newestId,
    lag: s.newestId === null ? null : s.lag,
    lastPollAt: s.lastPollAt ?? null,
    lastSuccessAt: s.lastSuccessAt ?? null,
    nextPollAt: s.nextPollAt ?? null,
    lastError: s.lastError ?? null,
    pollIntervalMs: s.pollIntervalMs,
    postsStarted: s.postsStarted,
  };
}

function fromRow(row: ChannelWatcherState, running: boolean): WatcherStatus {
  return {
    channel: row.chat,
    workflowId: watcherWorkflowId(row.chat),
    running,
    from: 'database',
    reader: row.reader,
    cursor: row.cursor,
    newestId: row.newestId,
    lag: row.newestId !== null && row.cursor !== null ? Math.max(0, row.newestId - row.cursor) : null,
    lastPollAt: iso(row.lastPollAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    nextPollAt: null,
    lastError: row.lastError,
    pollIntervalMs: null,
    postsStarted: row.postsStarted,
  };
}

/** Every watcher, running ones first, then by channel. */
export async function readWatcherStatus(client: Client, options: WatcherStatusOptions = {}): Promise<WatcherStatus[]> {
  const timeoutMs = options.queryTimeoutMs ?? 3_000;
  const running: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPES.watchChannel}' AND ExecutionStatus = 'Running'` })) running.push(w.workflowId);
  const [states, rows] = await Promise.all([
    Promise.all(running.map((id) => within(timeoutMs, client.workflow.getHandle(id).query(watcherStateQuery)).catch(() => undefined))),
    options.rows ? options.rows() : Promise.resolve([]),
  ]);
  const byId = new Map(rows.map((r) => [watcherWorkflowId(r.chat), r]));
  const out: WatcherStatus[] = [];
  running.forEach((workflowId, i) => {
    const state = states[i];
    const row = byId.get(workflowId);
    byId.delete(workflowId);
    if (state) out.push(fromQuery(workflowId, state));
    else if (row) out.push(fromRow(row, true));
    else out.push({ ...fromRow({ chat: workflowId.replace(/^watch-/, ''), cursor: null, newestId: null, lastPollAt: null, lastSuccessAt: null, lastError: 'did not answer its state query', postsStarted: 0, postsSkipped: 0, reader: null }, true), workflowId });
  });
  for (const row of byId.values()) out.push(fromRow(row, false));
  return out.sort((a, b) => Number(b.running) - Number(a.running) || sourceKey(a.channel).localeCompare(sourceKey(b.channel)));
}

/** A short age: `12s ago`, `4m ago`, `3h ago`. */
function ago(at: string | null, now: number): string {
  if (!at) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

/** The watchers as a table for people (`cars-bot health`). */
export function formatWatcherStatus(watchers: readonly WatcherStatus[], now = Date.now()): string {
  if (watchers.length === 0) return 'Channel watchers: none';
  const lines = watchers.map((w) =>
    `  ${w.channel.padEnd(24)} ${(w.running ? 'running' : 'ended').padEnd(8)} ${ago(w.lastPollAt, now).padEnd(9)} ${String(w.cursor ?? '-').padStart(8)} ${String(w.lag ?? '-').padStart(5)}  ${w.lastError ?? ''}`.trimEnd(),
  );
  return [`Channel watchers (${watchers.filter((w) => w.running).length} running)`, `  ${'channel'.padEnd(24)} ${'state'.padEnd(8)} ${'last poll'.padEnd(9)} ${'cursor'.padStart(8)} ${'lag'.padStart(5)}  error`, ...lines].join('\n');
}
