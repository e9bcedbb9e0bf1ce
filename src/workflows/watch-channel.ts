import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { z } from 'zod';
import type { ChannelReadActivities } from '../activities/channels/channel-read-activities';
import type { WatcherActivities } from '../activities/channels/watcher-activities';
import { INPUT_FAILURE } from '../common/failure-types';
import { recordStart } from '../common/fairness';
import { PRIORITY } from '../common/priorities';
import {
  MONITOR_FAILURE,
  stopWatchingSignal,
  watcherStateQuery,
  type ChannelPost,
  type ChannelReadResult,
  type KnownPost,
  type WatchChannelInput,
  type WatchChannelResult,
  type WatcherSettings,
  type WatcherState,
} from '../common/monitor';
import { postWorkflowId, sourceKey, type PostInput, type PriorityKey, type ProcessPostInput } from '../common/posts';
import { POST_STATUS, SOURCE_CHANNEL } from '../common/search-attributes';
import { TASK_QUEUES } from '../common/task-queues';
import { channelReadActivity, databaseActivity } from './activity-options';
import type { processPost } from './process-post';
import { parseWorkflowInput } from './workflow-input';

const reader = proxyActivities<ChannelReadActivities>(channelReadActivity);
const db = proxyActivities<WatcherActivities>(databaseActivity);

/** Polls per run before continuing as new: a run's history stays a few hundred events. */
const POLLS_PER_RUN = 50;
/** Posts remembered for edit checks: a little more than the newest page holds. */
const KNOWN_POSTS = 40;
/** A post older than this many poll intervals when first seen was missed while the watcher was away. */
const LIVE_INTERVALS = 3;

const CHANNEL = 'expected @username or a numeric chat id';
/** The channel to watch (trimmed); the rest of the input is what a previous run carried over. */
const watchChannelInputSchema = z.preprocess(
  (input) => input ?? {},
  z.looseObject({
    channel: z
      .string({ error: CHANNEL })
      .trim()
      .regex(/^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d+)$/, CHANNEL),
  }),
);

/**
 * One source channel, watched for as long as it is active in the Channels sheet — without the
 * bot being its admin: polls the channel through the reader activity on the `monitor` queue,
 * hands each new post to `processPost` under the post's usual workflow id (so a post that also
 * comes through the bot or the API is processed once), and keeps a cursor (the last message id
 * handed over) across polls, restarts and continue-as-new. After downtime it catches up from the
 * cursor, at most MONITOR_BACKFILL posts, oldest first, at a lower priority than live posts. An
 * edit that changes a post's ad (a new content fingerprint) while it is on the newest page is
 * processed again as the post's next revision (workflow id `…-r2`); an edit that keeps the
 * fingerprint does nothing. Ends when the channel is switched off (the `stopWatching`
 * signal from `syncChannels`, or the settings it reads after every poll); `watcherState` tells
 * where it is.
 */
export async function watchChannel(input: WatchChannelInput): Promise<WatchChannelResult> {
  const { channel } = parseWorkflowInput('watchChannel', watchChannelInputSchema, input, INPUT_FAILURE.watch);
  const known = new Map<number, { fingerprint: string; revision: number }>((input.known ?? []).map((k) => [k.messageId, { fingerprint: k.fingerprint, revision: k.revision ?? 1 }]));
  const state: WatcherState = {
    channel,
    cursor: input.cursor ?? null,
    newestId: null,
    lag: 0,
    pollIntervalMs: 0,
    postsStarted: input.postsStarted ?? 0,
    editsNoticed: input.editsNoticed ?? 0,
    skipped: 0,
  };
  // The channel's volume over the last hour: a flood lowers its posts' fairness weight.
  let recentStarts = input.recentStarts ?? [];
  let stopReason: string | undefined;
  setHandler(watcherStateQuery, () => state);
  setHandler(stopWatchingSignal, (reason) => {
    stopReason = reason ?? 'stopped';
  });

  const start = await db.watcherStart(channel);
  let settings: WatcherSettings = start;
  if (input.cursor === undefined) state.cursor = start.cursor;
  state.pollIntervalMs = settings.pollIntervalMs;

  for (let polls = 0; ; polls += 1) {
    if (stopReason !== undefined) return { channel, cursor: state.cursor, reason: 'stopped', detail: stopReason };
    if (!settings.active) return { channel, cursor: state.cursor, reason: 'inactive', detail: `${channel} is no longer active in the Channels sheet` };

    const at = new Date();
    state.lastPollAt = at.toISOString();
    let read: ChannelReadResult | undefined;
    let waitMs = settings.pollIntervalMs;
    let started = 0;
    try {
      read = await reader.readChannel({ channel, after: state.cursor });
      state.reader = read.reader;
      state.lastSuccessAt = at.toISOString();
      state.lastError = undefined;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
      state.lastError = cause?.message ?? err.message;
      // Out of attempts while Telegram still asks us to wait: the next poll waits at least that long.
      const retryAfter = cause?.type === MONITOR_FAILURE.rateLimited ? Number((cause.details?.[0] as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 0) : 0;
      waitMs = Math.max(waitMs, retryAfter * 1000);
    }

    if (read) {
      if (state.cursor === null) {
        // A channel watched for the first time: from its newest post on (earlier ones can be submitted by file).
        state.cursor = read.newestId ?? 0;
      } else {
        const liveSince = Date.now() - LIVE_INTERVALS * settings.pollIntervalMs - 60_000;
        for (const post of read.posts) {
          const priority = Date.parse(post.date) >= liveSince ? PRIORITY.live : PRIORITY.backfill;
          const counted = recordStart(recentStarts, Date.now());
          recentStarts = counted.times;
          await startPost(channel, post, postWorkflowId(channel, post.messageId), { priorityKey: priority, fairnessWeight: counted.weight }, settings);
          known.set(post.messageId, { fingerprint: post.fingerprint, revision: 1 });
          state.cursor = Math.max(state.cursor ?? 0, post.lastMessageId);
          state.postsStarted += 1;
          started += 1;
        }
        state.skipped += read.skipped;
        for (const post of read.recent) {
          const before = known.get(post.messageId);
          if (before === undefined || before.fingerprint === post.fingerprint || post.text.trim() === '') continue;
          // The ad changed: the edit is processed as the post's next revision, under a workflow id
          // of its own (`…-r2`); the original keeps its history and listing, and the revision's
          // listing replaces it in our channel. An edit that keeps the fingerprint does nothing.
          const revision = before.revision + 1;
          const counted = recordStart(recentStarts, Date.now());
          recentStarts = counted.times;
          await startPost(channel, post, postWorkflowId(channel, post.messageId, revision), { priorityKey: PRIORITY.live, fairnessWeight: counted.weight }, settings, revision);
          state.editsNoticed += 1;
          known.set(post.messageId, { fingerprint: post.fingerprint, revision });
        }
      }
      for (const post of read.recent) if (!known.has(post.messageId) && post.lastMessageId <= (state.cursor ?? 0)) known.set(post.messageId, { fingerprint: post.fingerprint, revision: 1 });
      state.newestId = read.newestId;
      state.lag = read.newestId !== null && state.cursor !== null ? Math.max(0, read.newestId - state.cursor) : 0;
    }

    settings = await db.recordWatcherPoll({
      channel,
      reader: state.reader,
      at: at.toISOString(),
      cursor: state.cursor,
      newestId: read?.newestId,
      error: read ? undefined : state.lastError,
      started,
      skipped: read?.skipped ?? 0,
    });
    state.pollIntervalMs = settings.pollIntervalMs;
    if (!settings.active) continue;

    state.nextPollAt = new Date(Date.now() + waitMs).toISOString();
    await condition(() => stopReason !== undefined, waitMs);

    if (polls + 1 >= POLLS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      const keep: KnownPost[] = [...known.entries()]
        .sort(([a], [b]) => b - a)
        .slice(0, KNOWN_POSTS)
        .map(([messageId, k]) => ({ messageId, fingerprint: k.fingerprint, ...(k.revision > 1 && { revision: k.revision }) }));
      if (stopReason !== undefined) continue;
      await continueAsNew<typeof watchChannel>({ channel, cursor: state.cursor, known: keep, postsStarted: state.postsStarted, editsNoticed: state.editsNoticed, recentStarts });
    }
  }
}

/**
 * Starts a post's `processPost` as every intake does (same id, queue, fairness key and weight, and search
 * attributes); the watcher does not wait for it, and a post whose workflow exists already (the
 * bot or the API got it first) is left as it is. The channel's quiet hours go with it, as the
 * settings read after the last poll say (absent from a worker that doesn't say: the post reads
 * its worker's). Returns whether this call started it.
 */
async function startPost(
  channel: string,
  post: ChannelPost,
  workflowId: string,
  priority: { priorityKey: PriorityKey; fairnessWeight: number },
  settings: WatcherSettings,
  revision = 1,
): Promise<boolean> {
  const input: ProcessPostInput = {
    post: { ...toPostInput(channel, post), ...(revision > 1 && { revision }) },
    ...(settings.quietHours !== undefined && { quietHours: settings.quietHours }),
  };
  try {
    await startChild<typeof processPost>('processPost', {
      workflowId,
      taskQueue: TASK_QUEUES.workflows,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      priority: { ...priority, fairnessKey: sourceKey(channel) },
      typedSearchAttributes: [
        { key: SOURCE_CHANNEL, value: sourceKey(channel) },
        { key: POST_STATUS, value: 'received' },
      ],
      staticSummary: `Post ${post.messageId}${revision > 1 ? ` (revision ${revision})` : ''} from ${channel}`,
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** Web photos go on as URLs (the publisher uploads them); MTProto photo references can't be published by the bot yet. */
function toPostInput(channel: string, post: ChannelPost): PostInput {
  const photos = post.photos.filter((p) => /^https?:\/\//i.test(p));
  return { source: channel, messageId: post.messageId, date: post.date, text: post.text, ...(photos.length > 0 && { photos }) };
}
