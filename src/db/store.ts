/**
 * All data access of the service behind one interface. Activities receive a `Store` from
 * the worker wiring and call it; workflows never touch the database. Each part lives in
 * `store/`, one table or concern per file; this module only puts them together.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema';
import { createChannelPacingStore, type ChannelPacingStore } from './store/channel-pacing';
import { createChannelStore, type ChannelStore } from './store/channels';
import { createClaimStore, type ClaimStore } from './store/claims';
import { createEventStore, type EventStore } from './store/events';
import { createFiguresStore, type FiguresStore } from './store/figures';
import { createHealthStateStore, type HealthStateStore } from './store/health-states';
import { createPostListStore, type PostListStore } from './store/post-list';
import { createPostStore, type PostStatusChange, type PostStore } from './store/posts';
import { createRetentionStore, type RetentionStore } from './store/retention';
import { createSendLockStore, type SendLockStore } from './store/send-locks';
import { createStatsSnapshotStore, type StatsSnapshotStore } from './store/stats-snapshots';
import { createSubscriberStore, type SubscriberStore } from './store/subscribers';
import { createSubscriptionNoticeStore, type SubscriptionNoticeStore } from './store/subscription-notices';
import { createTimelineStore, type TimelineStore } from './store/timelines';
import { createWatcherStore, type WatcherStore } from './store/watchers';

/** Everything the activities may ask of the database. */
export interface Store
  extends PostStore,
    PostListStore,
    ClaimStore,
    ChannelStore,
    SubscriberStore,
    EventStore,
    FiguresStore,
    StatsSnapshotStore,
    RetentionStore,
    SendLockStore,
    ChannelPacingStore,
    HealthStateStore,
    SubscriptionNoticeStore,
    TimelineStore,
    WatcherStore {}

/** What the store reports as it works. */
export interface StoreOptions {
  /** Every post status change (the metrics count final statuses with it). */
  onPostStatusChange?: (change: PostStatusChange) => void;
}

/** Builds the store over an open (and migrated) database. */
export function createStore(db: Kysely<DatabaseSchema>, options: StoreOptions = {}): Store {
  return {
    ...createPostStore(db, options.onPostStatusChange),
    ...createPostListStore(db),
    ...createClaimStore(db),
    ...createChannelStore(db),
    ...createSubscriberStore(db),
    ...createEventStore(db),
    ...createFiguresStore(db),
    ...createStatsSnapshotStore(db),
    ...createRetentionStore(db),
    ...createSendLockStore(db),
    ...createChannelPacingStore(db),
    ...createHealthStateStore(db),
    ...createSubscriptionNoticeStore(db),
    ...createTimelineStore(db),
    ...createWatcherStore(db),
  };
}
