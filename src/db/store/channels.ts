/**
 * Source channels: the Channels sheet is the operators' list, and intake only accepts posts
 * from channels active in it. Rows are keyed by the normalised chat reference.
 */
import type { Kysely, Selectable } from 'kysely';
import { ADVISORY_LOCK, lockForTransaction } from '../advisory-locks';
import { normaliseChatRef } from '../chat-ref';
import type { ChannelsTable, DatabaseSchema } from '../schema';
import { ignoredEmptyList, planReplace, type ReplaceOptions, type ReplaceResult } from './replace-plan';
import { dbNow } from './sql-time';

/** A row of the Channels sheet. */
export interface ChannelRow {
  /** `@username`, `t.me/…` link or numeric chat id. */
  chat: string;
  title?: string | null;
  /** Default true: a listed channel is watched unless switched off. */
  active?: boolean;
  notes?: string | null;
  /** Seconds between polls of the channel's watcher; null or absent: MONITOR_POLL_INTERVAL. */
  pollIntervalSeconds?: number | null;
}

/** A source channel as intake and the admins see it. */
export interface Channel {
  id: number;
  /** Normalised: `@username` or numeric chat id. */
  chat: string;
  title: string | null;
  active: boolean;
  notes: string | null;
  pollIntervalSeconds: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The channel operations of the store. */
export interface ChannelStore {
  /**
   * Makes the stored list match the sheet: adds and updates the listed channels, deactivates
   * (never deletes) the others. Keys in the result are normalised chat references.
   */
  replaceChannels(rows: readonly ChannelRow[], options?: ReplaceOptions): Promise<ReplaceResult<string>>;
  listActiveChannels(): Promise<Channel[]>;
  /** Whether intake should accept a post from this chat; pass its id and username to match either. */
  isActiveChannel(chat: string | readonly string[]): Promise<boolean>;
  /** One channel by its (normalised) reference, active or not. */
  getChannel(chat: string): Promise<Channel | undefined>;
}

type ChannelFields = Pick<Selectable<ChannelsTable>, 'title' | 'active' | 'notes' | 'poll_interval_seconds'>;

/** Builds the channel operations over `db`. */
export function createChannelStore(db: Kysely<DatabaseSchema>): ChannelStore {
  return {
    async replaceChannels(rows, { allowDeactivateAll = false } = {}) {
      const incoming = new Map<string, ChannelFields>(
        rows.map((r) => [normaliseChatRef(r.chat), { title: r.title ?? null, active: r.active ?? true, notes: r.notes ?? null, poll_interval_seconds: r.pollIntervalSeconds ?? null }]),
      );
      if (incoming.size === 0 && !allowDeactivateAll) return ignoredEmptyList();

      return db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, ADVISORY_LOCK.channelsSync);
        const stored = await trx.selectFrom('channels').select(['chat', 'title', 'active', 'notes', 'poll_interval_seconds']).execute();
        const plan = planReplace(new Map(stored.map(({ chat, ...fields }) => [chat, fields])), incoming, sameChannel);

        if (plan.upsert.length > 0) {
          await trx
            .insertInto('channels')
            .values(plan.upsert.map((chat) => ({ chat, ...incoming.get(chat)! })))
            .onConflict((oc) =>
              oc.column('chat').doUpdateSet((eb) => ({
                title: eb.ref('excluded.title'),
                active: eb.ref('excluded.active'),
                notes: eb.ref('excluded.notes'),
                poll_interval_seconds: eb.ref('excluded.poll_interval_seconds'),
                updated_at: dbNow(),
              })),
            )
            .execute();
        }
        if (plan.deactivate.length > 0) {
          await trx.updateTable('channels').set({ active: false, updated_at: dbNow() }).where('chat', 'in', plan.deactivate).execute();
        }
        return plan.result;
      });
    },

    async listActiveChannels() {
      const rows = await db.selectFrom('channels').selectAll().where('active', '=', true).orderBy('chat').execute();
      return rows.map(toChannel);
    },

    async getChannel(chat) {
      const row = await db.selectFrom('channels').selectAll().where('chat', '=', normaliseChatRef(chat)).executeTakeFirst();
      return row && toChannel(row);
    },

    async isActiveChannel(chat) {
      const refs = (typeof chat === 'string' ? [chat] : [...chat]).map(normaliseChatRef);
      if (refs.length === 0) return false;
      const row = await db
        .selectFrom('channels')
        .select('id')
        .where('chat', 'in', refs)
        .where('active', '=', true)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

function sameChannel(a: ChannelFields, b: ChannelFields): boolean {
  return a.title === b.title && a.active === b.active && a.notes === b.notes && a.poll_interval_seconds === b.poll_interval_seconds;
}

function toChannel(row: Selectable<ChannelsTable>): Channel {
  return {
    id: row.id,
    chat: row.chat,
    title: row.title,
    active: row.active,
    notes: row.notes,
    pollIntervalSeconds: row.poll_interval_seconds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
