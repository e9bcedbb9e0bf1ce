/**
 * What each channel watcher last did, one row per channel: the cursor it resumes from when
 * started again, its last read and how that went. Written by the watcher after every poll, read
 * by health and the dashboard.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import type { ChannelWatchersTable, DatabaseSchema } from '../schema';
import { dbNow } from './sql-time';

/** A watcher's state as health and the dashboard show it. */
export interface ChannelWatcherState {
  chat: string;
  cursor: number | null;
  newestId: number | null;
  lastPollAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  postsStarted: number;
  postsSkipped: number;
  reader: string | null;
}

/** One poll's outcome. */
export interface WatcherPollRecord {
  chat: string;
  at: Date;
  reader: string;
  /** The cursor after the poll (unchanged when the read failed). */
  cursor: number | null;
  newestId?: number | null;
  /** Set when the read failed. */
  error?: string;
  started?: number;
  skipped?: number;
}

/** The watcher operations of the store. */
export interface WatcherStore {
  /** Records a poll; a failed one keeps the last cursor and success time. */
  recordWatcherPoll(record: WatcherPollRecord): Promise<void>;
  getWatcherState(chat: string): Promise<ChannelWatcherState | undefined>;
  listWatcherStates(): Promise<ChannelWatcherState[]>;
}

/** Builds the watcher operations over `db`. */
export function createWatcherStore(db: Kysely<DatabaseSchema>): WatcherStore {
  return {
    async recordWatcherPoll(r) {
      const chat = normaliseChatRef(r.chat);
      const failed = r.error !== undefined;
      await db
        .insertInto('channel_watchers')
        .values({
          chat,
          cursor: r.cursor,
          newest_id: r.newestId ?? null,
          last_poll_at: r.at,
          last_success_at: failed ? null : r.at,
          last_error: r.error ?? null,
          posts_started: r.started ?? 0,
          posts_skipped: r.skipped ?? 0,
          reader: r.reader,
        })
        .onConflict((oc) =>
          oc.column('chat').doUpdateSet((eb) => ({
            // A cursor never moves back: a retried record of an older poll can't undo a newer one.
            cursor: sql<number | null>`greatest(${eb.ref('channel_watchers.cursor')}, ${eb.ref('excluded.cursor')})`,
            newest_id: failed ? eb.ref('channel_watchers.newest_id') : eb.ref('excluded.newest_id'),
            last_poll_at: eb.ref('excluded.last_poll_at'),
            last_success_at: failed ? eb.ref('channel_watchers.last_success_at') : eb.ref('excluded.last_success_at'),
            last_error: eb.ref('excluded.last_error'),
            posts_started: sql<number>`${eb.ref('channel_watchers.posts_started')} + ${eb.ref('excluded.posts_started')}`,
            posts_skipped: sql<number>`${eb.ref('channel_watchers.posts_skipped')} + ${eb.ref('excluded.posts_skipped')}`,
            reader: eb.ref('excluded.reader'),
            updated_at: dbNow(),
          })),
        )
        .execute();
    },

    async getWatcherState(chat) {
      const row = await db.selectFrom('channel_watchers').selectAll().where('chat', '=', normaliseChatRef(chat)).executeTakeFirst();
      return row && toState(row);
    },

    async listWatcherStates() {
      const rows = await db.selectFrom('channel_watchers').selectAll().orderBy('chat').execute();
      return rows.map(toState);
    },
  };
}

function toState(row: Selectable<ChannelWatchersTable>): ChannelWatcherState {
  return {
    chat: row.chat,
    cursor: row.cursor,
    newestId: row.newest_id,
    lastPollAt: row.last_poll_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    postsStarted: row.posts_started,
    postsSkipped: row.posts_skipped,
    reader: row.reader,
  };
}
