/**
 * The database side of the channel watchers, on the workflow queue with the other quick
 * database steps: where a watcher starts (its saved cursor), what each poll did (cursor, last
 * read, errors — what health and the dashboard show), the channel's settings after every poll
 * (switched off: the watcher ends; a new poll interval from the sheet), and which channels
 * `syncChannels` should watch. Each is idempotent.
 */
import type { Store } from '../../db';
import type { PostQuietHours } from '../../common/quiet-hours';
import { unreadableReason, type ReaderKind, type WatchPlan, type WatcherPoll, type WatcherSettings, type WatcherStart } from '../../common/monitor';

export interface WatcherActivityDeps {
  store: Pick<Store, 'getChannel' | 'getWatcherState' | 'listActiveChannels' | 'recordWatcherPoll'>;
  /** The reader the monitor workers use (MONITOR_READER), or off: nothing is watched. */
  reader: ReaderKind | 'off';
  /** MONITOR_POLL_INTERVAL, for channels without their own. */
  pollIntervalMs: number;
  /** Our channel's quiet hours (PUBLISH_QUIET_HOURS in SCHEDULE_TIMEZONE), for the posts a watcher starts; null: none. */
  quietHours?: PostQuietHours | null;
}

export function createWatcherActivities({ store, reader, pollIntervalMs, quietHours = null }: WatcherActivityDeps) {
  async function settingsOf(channel: string): Promise<WatcherSettings> {
    const row = await store.getChannel(channel);
    return { active: Boolean(row?.active) && reader !== 'off', pollIntervalMs: row?.pollIntervalSeconds ? row.pollIntervalSeconds * 1000 : pollIntervalMs, quietHours };
  }

  return {
    /** A watcher's saved cursor and its channel's settings, when it starts afresh. */
    async watcherStart(channel: string): Promise<WatcherStart> {
      const [settings, saved] = await Promise.all([settingsOf(channel), store.getWatcherState(channel)]);
      return { ...settings, cursor: saved?.cursor ?? null };
    },

    /** Records one poll and answers the channel's settings as they are now. */
    async recordWatcherPoll(poll: WatcherPoll): Promise<WatcherSettings> {
      await store.recordWatcherPoll({
        chat: poll.channel,
        at: new Date(poll.at),
        reader: poll.reader ?? (reader === 'off' ? 'web-preview' : reader),
        cursor: poll.cursor,
        newestId: poll.newestId,
        error: poll.error,
        started: poll.started,
        skipped: poll.skipped,
      });
      return settingsOf(poll.channel);
    },

    /** The active channels to watch, those the reader can't read (and why), and the inactive ones; null when watching is off. */
    async channelsToWatch(inactive: string[]): Promise<WatchPlan | null> {
      if (reader === 'off') return null;
      const active = await store.listActiveChannels();
      const plan: WatchPlan = { watch: [], unreadable: [], inactive };
      for (const c of active) {
        const reason = unreadableReason(reader, c.chat);
        if (reason) plan.unreadable.push({ channel: c.chat, reason });
        else plan.watch.push(c.chat);
      }
      return plan;
    },
  };
}

/** What the watchers and syncChannels proxy on the workflow queue (type only, for `proxyActivities`). */
export type WatcherActivities = ReturnType<typeof createWatcherActivities>;
