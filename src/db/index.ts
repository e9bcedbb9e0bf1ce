/**
 * The storage layer's public face: open the database, migrate it, build the store. Import
 * from here in activities and wiring. The post vocabulary (statuses, the post model, figures,
 * retention tables) lives in `src/common`: import it from there (this layer imports it, never the
 * reverse).
 */
export { openDatabase, type Database, type DatabaseDriver, type OpenDatabaseOptions } from './open-database';
export { migrateToLatest, type MigrationSummary } from './migrate';
export { createStore, type Store, type StoreOptions } from './store';
export type { PostStatusChange } from './store/posts';
export { contentFingerprint, normaliseAdText, EMPTY_FINGERPRINT } from './fingerprint';
export { normaliseChatRef } from './chat-ref';
export { redactDatabaseUrl } from './redact-url';
export { DatabaseConnectionError, IllegalTransitionError, MigrationError, PostNotFoundError } from './errors';
export type { DatabaseSchema } from './schema';
export type { ClaimResult } from './store/claims';
export type { PostListFilter, PostListRow } from './store/post-list';
export type { Channel, ChannelRow } from './store/channels';
export type { Subscriber, SubscriberRow } from './store/subscribers';
export type { NewEvent, StoredEvent } from './store/events';
export type { AiUsageBucket, CountBucket, FailedPostSummary, StatusBucket } from './store/timelines';
export type { SaveStatsSnapshotOptions, StatsSnapshot } from './store/stats-snapshots';
export type { HealthAlertClaim, HealthAlerted, HealthObservation } from './store/health-states';
export type { SubscriptionNotice } from './store/subscription-notices';
export type { CleanupOptions, DeleteOlderThanOptions } from './store/retention';
export type { ReplaceOptions, ReplaceResult } from './store/replace-plan';
export type { LeaseOwner, LeaseResult, PendingSend, RecordedSend } from './store/send-locks';
export type { ReservationResult, SendReservation } from './store/channel-pacing';
export type { ChannelWatcherState, WatcherPollRecord } from './store/watchers';
