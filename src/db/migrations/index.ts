/**
 * Every migration, compiled into the service rather than read from a folder at run time, so
 * a bundled or installed build migrates exactly like the source tree. Names sort in the
 * order they must run; append new ones, never edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './0001-initial-schema';
import * as channelSendLocks from './0002-channel-send-locks';
import * as monitoringState from './0003-monitoring-state';
import * as postRetries from './0004-post-retries';
import * as publishingLeases from './0005-publishing-leases';
import * as channelWatchers from './0010-channel-watchers';
import * as postListIndexes from './0013-post-list-indexes';
import * as highestMessageId from './0014-highest-message-id';

/** Migrations by name, in the order they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0002-channel-send-locks': channelSendLocks,
  '0003-monitoring-state': monitoringState,
  '0004-post-retries': postRetries,
  '0005-publishing-leases': publishingLeases,
  '0010-channel-watchers': channelWatchers,
  '0013-post-list-indexes': postListIndexes,
  '0014-highest-message-id': highestMessageId,
};

/** Hands `MIGRATIONS` to Kysely's migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
