/**
 * The tables as Kysely sees them: what a select returns, what an insert or update accepts.
 * Kept in step with `migrations/` by hand; the storage tests run every query against the
 * migrated schema on both drivers, which is what catches a drift.
 */
import type { ColumnType, Generated } from 'kysely';
import type { PostStatus } from '../common/post-status';

/** Set by the database on insert (`now()`); never written by the application afterwards. */
type CreatedAt = ColumnType<Date, never, never>;

/** Defaults to `now()` on insert; the store sets it on every change. */
type UpdatedAt = ColumnType<Date, never, Date>;

/** A nullable point in time. */
type Timestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

/**
 * A jsonb column: read back parsed, written as JSON text. Both drivers pass text straight to
 * the server, while a bare JavaScript array would reach node-postgres's array syntax instead.
 */
type Json<T> = ColumnType<T, string | undefined, string>;

/** An identity column: generated on insert, read as a number. */
type Id = ColumnType<number, never, never>;

/** One post from a source chat and everything the pipeline learned about it. */
export interface PostsTable {
  id: Id;
  /** Source chat: a normalised `@username` or a numeric chat id as text. */
  source: string;
  message_id: number;
  /** 1 for the post as first seen; 2, 3 … for edits that changed its ad (processed again). */
  revision: Generated<number>;
  text: string;
  /** Telegram file ids of the photos, in the order the source posted them. */
  photos: Json<string[]>;
  posted_at: Timestamp;
  fingerprint: string | null;
  status: ColumnType<PostStatus, PostStatus | undefined, PostStatus>;
  is_car_ad: boolean | null;
  confidence: number | null;
  classification_reason: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
  price: number | null;
  currency: string | null;
  mileage_km: number | null;
  engine: string | null;
  transmission: string | null;
  body: string | null;
  location: string | null;
  contacts: Json<string[]>;
  description: string | null;
  published_chat_id: string | null;
  /** One id per message sent: a media group is several messages. */
  published_message_ids: Json<number[]>;
  published_at: Timestamp;
  ai_calls: Generated<number>;
  ai_prompt_tokens: Generated<number>;
  ai_completion_tokens: Generated<number>;
  error: string | null;
  /** The pipeline step a failed post failed at (store, classify, extract, describe, publish). */
  failed_step: string | null;
  /** When extraction ran; its fields may all be null, so they can't say so themselves. */
  extracted_at: Timestamp;
  /** What intake or publishing changed about the post, for people reading its record. */
  notes: Json<string[]>;
  duplicate_of: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Which post holds a content fingerprint: the row whose insert won is the original ad. */
export interface FingerprintClaimsTable {
  fingerprint: string;
  post_id: number;
  claimed_at: ColumnType<Date, never, Date>;
}

/** A source channel from the Channels sheet. */
export interface ChannelsTable {
  id: Id;
  /** A normalised `@username` or a numeric chat id as text. */
  chat: string;
  title: string | null;
  active: boolean;
  notes: string | null;
  /** Seconds between polls of the channel's watcher; null: MONITOR_POLL_INTERVAL. */
  poll_interval_seconds: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** What a channel's watcher last did: where its cursor is, when it last read the channel and how that went. */
export interface ChannelWatchersTable {
  /** The channel, normalised as in `channels.chat`. */
  chat: string;
  /** The last message id the watcher has handed to intake; null before its first read. */
  cursor: number | null;
  /** The newest message id the last successful read saw. */
  newest_id: number | null;
  last_poll_at: Timestamp | null;
  last_success_at: Timestamp | null;
  /** Why the last read failed; null once a read succeeds again. */
  last_error: string | null;
  /** Posts handed to intake by this watcher, in all. */
  posts_started: Generated<number>;
  /** Posts left out by the MONITOR_BACKFILL cap after downtime, in all. */
  posts_skipped: Generated<number>;
  /** Which reader read it: web-preview or mtproto. */
  reader: string | null;
  updated_at: UpdatedAt;
}

/** A subscriber from the Subscribers sheet, keyed by Telegram user id. */
export interface SubscribersTable {
  telegram_user_id: number;
  username: string | null;
  plan: string | null;
  /** Null: the subscription has no end date. */
  expires_at: Timestamp;
  /** Listed as active in the Subscribers sheet. */
  active: boolean;
  notes: string | null;
  /** When the end of the subscription was processed (notice sent); cleared by a renewal. */
  expired_at: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One entry of the event log, kept until exported and past its retention. */
export interface EventsTable {
  id: Id;
  type: string;
  post_id: number | null;
  user_id: number | null;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  exported_at: Timestamp;
}

/** Figures as collected at one moment. */
export interface StatsSnapshotsTable {
  id: Id;
  taken_at: ColumnType<Date, Date | undefined, never>;
  /** A `Figures` object as JSON (dates as ISO strings). */
  figures: Json<unknown>;
  /** Task-queue backlog at `taken_at`, as JSON (see migration 0003). */
  queues: Json<unknown>;
  /** The run that took it, so a retried save finds its snapshot; null for snapshots saved otherwise. */
  taken_by: ColumnType<string | null, string | null | undefined, never>;
}

/** One component's last health state and what the admins were last told (see migration 0003). */
export interface HealthStatesTable {
  component: string;
  status: 'ok' | 'down';
  detail: string | null;
  observed_at: ColumnType<Date, Date | undefined, Date>;
  changed_at: ColumnType<Date, Date | undefined, Date>;
  alerted_status: ColumnType<'ok' | 'down', 'ok' | 'down' | undefined, 'ok' | 'down'>;
  alerted_at: Timestamp;
  alert_claimed_by: string | null;
  alert_claimed_until: Timestamp;
}

/** A subscription notice (warning or end) and whether it was settled (see migration 0003). */
export interface SubscriptionNoticesTable {
  telegram_user_id: number;
  kind: 'expiry_warning' | 'expired';
  expires_at: Date;
  claimed_by: string | null;
  claimed_until: Timestamp;
  outcome: 'sent' | 'undeliverable' | null;
  detail: string | null;
  settled_at: Timestamp;
  created_at: CreatedAt;
}

/** Who may send to a channel now: a lease that its holder's heartbeats renew (migrations 0002, 0004). */
export interface ChannelSendLocksTable {
  chat_id: string;
  post_id: number;
  acquired_at: Generated<Date>;
  /** The holding attempt: workflow, activity, attempt number and worker. */
  owner: Generated<string>;
  expires_at: Generated<Date>;
}

/** A post whose send may have reached Telegram without its ids being recorded (migration 0004). */
export interface ChannelPendingSendsTable {
  post_id: number;
  chat_id: string;
  /** The highest message id recorded in the chat before the send: the send's id is above it. */
  floor_message_id: number;
  started_at: Generated<Date>;
}

/** One send to a chat, for the sliding-window limit (migration 0004). */
export interface ChannelSendsTable {
  id: Id;
  chat_id: string;
  post_id: number | null;
  started_at: Generated<Date>;
  /** By when the message reached Telegram at the latest: the answer's time, or the request's deadline. */
  landed_by: Date;
}

/** A chat Telegram told us to leave alone until `blocked_until` (a 429's retry_after; migration 0004). */
export interface TelegramFloodWaitsTable {
  chat_id: string;
  blocked_until: Date;
  retry_after_seconds: number;
  updated_at: Generated<Date>;
}

/** Every table of the service, by name. */
export interface DatabaseSchema {
  posts: PostsTable;
  channel_send_locks: ChannelSendLocksTable;
  channel_pending_sends: ChannelPendingSendsTable;
  channel_sends: ChannelSendsTable;
  telegram_flood_waits: TelegramFloodWaitsTable;
  fingerprint_claims: FingerprintClaimsTable;
  channels: ChannelsTable;
  channel_watchers: ChannelWatchersTable;
  subscribers: SubscribersTable;
  events: EventsTable;
  stats_snapshots: StatsSnapshotsTable;
  health_states: HealthStatesTable;
  subscription_notices: SubscriptionNoticesTable;
}
