/**
 * What the dashboard shows, as one JSON document: the last day's posts per hour by status,
 * the last hour's publications per minute against the channel's limit, AI usage and its
 * estimated cost per day, every task queue's backlog and pollers, each channel watcher's last
 * poll, cursor and lag, and the latest failures with links into the Temporal Web UI. Read from the database and Temporal; nothing is changed.
 */
import type { Client } from '@temporalio/client';
import { postWorkflowId } from '../../common/posts';
import { type Store } from '../../db';
import { POST_STATUSES, type PostStatus } from '../../common/post-status';
import { assessQueues } from '../../temporal/queue-health';
import { describeTaskQueues, type TaskQueueStatus } from '../../temporal/task-queue-status';
import { readWatcherStatus, type WatcherStatus } from '../../client/watcher-status';
import { costUsd, pipelinePrice } from './ai-prices';


/** What the dashboard needs besides the store and the client. */
export interface DashboardOptions {
  namespace: string;
  /** Where operators open the Temporal Web UI; no links without it. */
  temporalUiUrl?: string;
  /** The channel's limit (PUBLISH_RATE_PER_MINUTE). */
  publishPerMinute: number;
  /** The pipeline's models (classify, extract, describe), for the cost estimate. */
  models: readonly string[];
}

/** One queue and kind as the dashboard lists it. */
export interface DashboardQueue extends Omit<TaskQueueStatus, 'pollers'> {
  pollers: number;
  /** Pollers seen within LIVE_POLLER_MS (`temporal/queue-health.ts`, the health check's rule). */
  livePollers: number;
  lastPollAt: string | null;
}

export interface DashboardFailure {
  postId: number;
  workflowId: string;
  source: string;
  messageId: number;
  failedStep: string | null;
  error: string | null;
  failedAt: string;
  /** The post's workflow in the Temporal Web UI. */
  webUiUrl: string | null;
}

export interface DashboardData {
  generatedAt: string;
  postsPerHour: { hours: string[]; byStatus: Record<PostStatus, number[]> };
  publishing: { minutes: string[]; published: number[]; limitPerMinute: number; lastHour: number };
  ai: {
    days: string[];
    calls: number[];
    promptTokens: number[];
    completionTokens: number[];
    /** Null when a configured model's price is unknown. */
    costUsd: number[] | null;
    models: string[];
  };
  queues: DashboardQueue[];
  failures: DashboardFailure[];
  /** Each channel watcher's last poll, cursor and lag. */
  watchers: WatcherStatus[];
  temporalUiUrl: string | null;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** `count` bucket starts of `size` ms ending with the one that holds `now`. */
function buckets(now: Date, size: number, count: number): Date[] {
  const last = Math.floor(now.getTime() / size) * size;
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * size));
}

/** The Web UI's page of a workflow's latest run. */
export function workflowUiUrl(uiUrl: string | undefined, namespace: string, workflowId: string): string | null {
  if (!uiUrl) return null;
  return `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Reads everything the dashboard shows. */
export async function readDashboard(deps: { store: Store; client: Client }, options: DashboardOptions, now = new Date()): Promise<DashboardData> {
  const hours = buckets(now, HOUR, 24);
  const minutes = buckets(now, MINUTE, 60);
  const days = buckets(now, DAY, 7);
  const [perHour, perMinute, aiPerDay, failures, queues, watchers] = await Promise.all([
    deps.store.postsPerHour(hours[0]),
    deps.store.publishedPer(60, minutes[0]),
    deps.store.aiUsagePerDay(days[0]),
    deps.store.latestFailures(20),
    describeTaskQueues({ workflowService: deps.client.workflowService, namespace: options.namespace }),
    readWatcherStatus(deps.client, { rows: () => deps.store.listWatcherStates() }),
  ]);

  const hourIndex = new Map(hours.map((h, i) => [h.getTime(), i]));
  const byStatus = Object.fromEntries(POST_STATUSES.map((s) => [s, hours.map(() => 0)])) as Record<PostStatus, number[]>;
  for (const b of perHour) {
    const i = hourIndex.get(b.at.getTime());
    if (i !== undefined) byStatus[b.status][i] += b.count;
  }

  const minuteIndex = new Map(minutes.map((m, i) => [m.getTime(), i]));
  const published = minutes.map(() => 0);
  for (const b of perMinute) {
    const i = minuteIndex.get(b.at.getTime());
    if (i !== undefined) published[i] += b.count;
  }

  const dayIndex = new Map(days.map((d, i) => [d.getTime(), i]));
  const calls = days.map(() => 0);
  const promptTokens = days.map(() => 0);
  const completionTokens = days.map(() => 0);
  for (const b of aiPerDay) {
    const i = dayIndex.get(b.at.getTime());
    if (i === undefined) continue;
    calls[i] += b.calls;
    promptTokens[i] += b.promptTokens;
    completionTokens[i] += b.completionTokens;
  }
  const price = pipelinePrice(options.models);

  return {
    generatedAt: now.toISOString(),
    postsPerHour: { hours: hours.map((h) => h.toISOString()), byStatus },
    publishing: {
      minutes: minutes.map((m) => m.toISOString()),
      published,
      limitPerMinute: options.publishPerMinute,
      lastHour: published.reduce((s, n) => s + n, 0),
    },
    ai: {
      days: days.map((d) => d.toISOString()),
      calls,
      promptTokens,
      completionTokens,
      costUsd: price ? days.map((_, i) => Number(costUsd(price, promptTokens[i], completionTokens[i]).toFixed(6))) : null,
      models: [...options.models],
    },
    // Liveness as the health check judges it; the page shows "no worker" for any work waiting unpolled.
    queues: assessQueues(queues, { now: now.getTime(), alertAfterMs: 0 }).map(({ pollers, status: _status, problem: _problem, ...q }) => ({ ...q, pollers: pollers.length })),
    failures: failures.map((f) => {
      const workflowId = postWorkflowId(f.source, f.messageId);
      return {
        postId: f.id,
        workflowId,
        source: f.source,
        messageId: f.messageId,
        failedStep: f.failedStep,
        error: f.error,
        failedAt: f.failedAt.toISOString(),
        webUiUrl: workflowUiUrl(options.temporalUiUrl, options.namespace, workflowId),
      };
    }),
    watchers,
    temporalUiUrl: options.temporalUiUrl ?? null,
  };
}
