/**
 * Names shared by the channel watchers (`watchChannel`), their activities and whoever starts,
 * stops or looks at them: inputs, results, the state query, the stop signal, workflow ids.
 * Workflow-safe: no I/O, no Node modules.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { sourceKey } from './posts';
import type { PostQuietHours } from './quiet-hours';

/** How a watcher reads its channel. */
export type ReaderKind = 'web-preview' | 'mtproto';

/** One post of a source channel as a reader sees it: an album is one post named by its first message. */
export interface ChannelPost {
  messageId: number;
  /** The album's last message id (the same as `messageId` for a single message). */
  lastMessageId: number;
  /** ISO time the channel published it. */
  date: string;
  text: string;
  /** Photo references: URLs for the web preview (uploaded when published), file references for MTProto. */
  photos: string[];
  /** The channel shows it as edited. */
  edited: boolean;
  /** Content fingerprint of the text (the same one dedupe uses): an edit that changes it changes the ad. */
  fingerprint: string;
}

/** Input of the reader activity. */
export interface ReadChannelInput {
  channel: string;
  /** Posts after this message id; null: just the newest page (a first read sets the cursor there). */
  after: number | null;
}

/** What one read of a channel found. */
export interface ChannelReadResult {
  reader: ReaderKind;
  /** Posts after the cursor, oldest first, at most MONITOR_BACKFILL (the newest of them). */
  posts: ChannelPost[];
  /** The newest page, cursor or not: what edits are checked against. */
  recent: ChannelPost[];
  /** The newest message id in the channel (null: no posts at all). */
  newestId: number | null;
  /** Posts after the cursor left out by the MONITOR_BACKFILL cap. */
  skipped: number;
}

/** A post the watcher has handed over, remembered while it is on the newest page (for edits). */
export interface KnownPost {
  messageId: number;
  fingerprint: string;
  /** The revision handed over last (absent: 1, the post as first seen). */
  revision?: number;
}

/** Input of `watchChannel`; the rest is carried from one run to the next by continue-as-new. */
export interface WatchChannelInput {
  /** `@username` (web preview or MTProto) or a numeric chat id (MTProto only). */
  channel: string;
  /** Last message id handed to intake; absent on the first run: taken from the database, else the channel's newest post. */
  cursor?: number | null;
  known?: KnownPost[];
  /** Totals carried across runs. */
  postsStarted?: number;
  editsNoticed?: number;
  /** When this watcher started its posts within the last hour (epoch ms): the channel's volume, for its fairness weight. */
  recentStarts?: number[];
}

/** Why a watcher ended. */
export interface WatchChannelResult {
  channel: string;
  cursor: number | null;
  reason: 'stopped' | 'inactive';
  detail?: string;
}

/** What a watcher is doing, for health, the dashboard and the Web UI (`watcherState` query). */
export interface WatcherState {
  channel: string;
  reader?: ReaderKind;
  cursor: number | null;
  newestId: number | null;
  /** Posts in the channel past the cursor at the last read (0 when caught up). */
  lag: number;
  pollIntervalMs: number;
  lastPollAt?: string;
  lastSuccessAt?: string;
  nextPollAt?: string;
  lastError?: string;
  postsStarted: number;
  /** Posts whose ad an edit changed (new fingerprint) while on the newest page: each processed again as a revision. */
  editsNoticed: number;
  skipped: number;
}

/** Settings the database has for a watcher's channel, read after every poll. */
export interface WatcherSettings {
  /** False once the channel is switched off or gone from the sheet: the watcher ends. */
  active: boolean;
  pollIntervalMs: number;
  /** Our channel's quiet hours, for the posts the watcher starts (null: none; absent from older workers). */
  quietHours?: PostQuietHours | null;
}

/** Where a watcher starts: its saved cursor (null: none yet) and settings. */
export interface WatcherStart extends WatcherSettings {
  cursor: number | null;
}

/** One poll, as the watcher records it. */
export interface WatcherPoll {
  channel: string;
  reader?: ReaderKind;
  at: string;
  cursor: number | null;
  newestId?: number | null;
  error?: string;
  started: number;
  skipped: number;
}

/** Which active channels get a watcher and which can't be read by the configured reader. */
export interface WatchPlan {
  watch: string[];
  unreadable: { channel: string; reason: string }[];
  /** Channels switched off or removed (their watchers are told to stop). */
  inactive: string[];
}

/** What `syncChannels` did to the watchers. */
export interface WatcherSyncReport {
  started: string[];
  running: string[];
  stopped: string[];
  unreadable: { channel: string; reason: string }[];
}

export const watcherStateQuery = defineQuery<WatcherState>('watcherState');
/** Ends a watcher at once (the channel was switched off); the argument says why. */
export const stopWatchingSignal = defineSignal<[reason?: string]>('stopWatching');

/** One watcher per channel: `watch-cars_kz`. */
export function watcherWorkflowId(channel: string): string {
  return `watch-${sourceKey(channel)}`;
}

/** Whether the reader can read a channel at all: the web preview needs a public @username. */
export function unreadableReason(reader: ReaderKind, channel: string): string | undefined {
  if (reader === 'web-preview' && !channel.startsWith('@')) {
    return 'a numeric chat id has no public web preview: set TELEGRAM_API_ID, TELEGRAM_API_HASH and TELEGRAM_SESSION to read it with a user account';
  }
  return undefined;
}

/** Failure types of channel reads. */
export const MONITOR_FAILURE = {
  /** The channel has no public web preview (private, renamed or no such channel). */
  notPublic: 'ChannelNotPublic',
  /** Telegram asked us to slow down (HTTP 429 or FLOOD_WAIT_X); retried after exactly the wait. */
  rateLimited: 'ChannelReadRateLimited',
  /** Telegram did not answer or answered 5xx; retried with backoff. */
  unavailable: 'ChannelReadUnavailable',
  /** The page was not what a channel preview looks like. */
  unreadablePage: 'ChannelPageUnreadable',
  /** The user account can't read the channel (not joined to a private channel, banned, session revoked). */
  accessDenied: 'ChannelAccessDenied',
} as const;
