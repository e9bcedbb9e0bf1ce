/**
 * All activities, grouped by the task queue that runs them. Each domain has its own factory
 * taking its dependencies; the worker wiring builds the clients once and passes them in.
 * A domain whose dependencies are absent has no activities in this process.
 */
import type { TaskQueueName } from '../common/task-queues';
import { createAiActivities, type AiActivityDeps } from './ai/ai-activities';
import { createChannelReadActivities, type ChannelReadActivityDeps } from './channels/channel-read-activities';
import { createWatcherActivities, type WatcherActivityDeps } from './channels/watcher-activities';
import { createHealthActivities, type HealthActivityDeps } from './monitoring/health-activities';
import { createHealthStateActivities, type HealthStateActivityDeps } from './monitoring/health-state-activities';
import { createMonitoringActivities, type MonitoringActivityDeps } from './monitoring/monitoring-activities';
import { createContactActivities, type ContactActivityDeps } from './posts/contact-activities';
import { createPostActivities, type PostActivityDeps } from './posts/post-activities';
import { createNotificationActivities, type NotificationActivityDeps } from './telegram/notification-activities';
import { createPublishingActivities, type PublishingActivityDeps } from './telegram/publish-activities';
import { createSheetsActivities, type SheetsActivityDeps } from './sheets/sheets-activities';
import { createSheetSyncActivities } from './sheets/sheet-sync-activities';

/** Clients and settings the activities need, built once per worker process. */
export interface ActivityDeps {
  health: HealthActivityDeps;
  /** The post steps; their store also serves the contact requests and, without watcher settings, the watchers. */
  posts?: PostActivityDeps & { store: ContactActivityDeps['store'] & WatcherActivityDeps['store'] };
  ai?: AiActivityDeps;
  /** Absent when Google Sheets isn't configured (and no emulator runs). */
  sheets?: SheetsActivityDeps;
  /** Absent without a Telegram bot token (and no emulator). */
  publishing?: PublishingActivityDeps;
  notifications?: NotificationActivityDeps;
  /** The monitoring jobs' database and Temporal access; absent: those jobs can't run here, and health checks report without alerting. */
  monitoring?: MonitoringActivityDeps & { store: NonNullable<HealthStateActivityDeps['store']> };
  /** The channel watchers' database side (workflow queue). */
  watchers?: WatcherActivityDeps;
  /** The channel reader (monitor queue); absent when MONITOR_READER is off. */
  channelReads?: ChannelReadActivityDeps;
}

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** Activities per task queue; a queue missing here has no activities in this process. */
export type ActivitiesByQueue = Partial<Record<TaskQueueName, ActivityFunctions>>;

export function createActivitiesByQueue(deps: ActivityDeps): ActivitiesByQueue {
  return {
    'cars-bot': deps.posts && {
      ...createPostActivities(deps.posts),
      ...createContactActivities(deps.posts),
      ...(deps.sheets && createSheetSyncActivities(deps.sheets)),
      // Without watcher settings, watching is off: syncChannels then starts none.
      ...createWatcherActivities(deps.watchers ?? { store: deps.posts.store, reader: 'off', pollIntervalMs: 60_000 }),
    },
    monitor: deps.channelReads && createChannelReadActivities(deps.channelReads),
    ai: deps.ai && createAiActivities(deps.ai),
    monitoring: {
      ...createHealthActivities(deps.health),
      // Alerts need a place to keep what the admins were told, and a bot to tell them.
      ...createHealthStateActivities({ store: deps.notifications && deps.monitoring?.store }),
      ...(deps.monitoring && createMonitoringActivities(deps.monitoring)),
    },
    sheets: deps.sheets && createSheetsActivities(deps.sheets),
    publishing: deps.publishing && createPublishingActivities(deps.publishing),
    notifications: deps.notifications && createNotificationActivities(deps.notifications),
  };
}
