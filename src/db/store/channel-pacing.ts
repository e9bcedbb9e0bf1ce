/**
 * Telegram's limits on a chat, kept where every worker sees them. A 429's `retry_after` applies
 * to the chat, not to the request that got it, so it is stored per chat and checked before every
 * request to that chat, by any worker. And no window of `windowMs` may hold more than `limit`
 * sends: each send is recorded when it starts, with the latest time it can have reached Telegram
 * (the request's deadline, then the answer's time), and a new send is admitted only while fewer
 * than `limit` recorded sends can have landed inside the window that ends at its own start.
 */
import { sql, type Kysely } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import type { DatabaseSchema } from '../schema';

/** One send to reserve a place for in a chat's window. */
export interface SendReservation {
  chatId: string;
  postId: number;
  /** The lease this send goes under; the reservation fails unless it is held for `leaseNeededMs` more. */
  owner: string;
  leaseNeededMs: number;
  /** The request's deadline: until its answer, the send counts as landing this late. */
  deadlineMs: number;
  limit: number;
  windowMs: number;
}

/** A place in the window, or why not and how long to wait. */
export type ReservationResult =
  | { reserved: true; sendId: number }
  | { reserved: false; reason: 'lease' | 'flood-wait' | 'window'; waitMs: number };

/** The pacing operations of the store. */
export interface ChannelPacingStore {
  /** Stores a 429 for a chat: no request to it until `retryAfterSeconds` from now (never shortened). */
  recordFloodWait(chatId: string, retryAfterSeconds: number): Promise<void>;
  /** Milliseconds until every given chat may be sent to again (0: now). */
  floodWaitMs(chatIds: readonly string[]): Promise<number>;
  /** Checks lease, flood wait and window, and records the send, in one statement. */
  reserveSend(reservation: SendReservation): Promise<ReservationResult>;
  /** Telegram refused the send (it answered with an error), so it doesn't count. */
  cancelSend(sendId: number): Promise<void>;
  /** The chat's sends that count now, oldest first (for diagnostics and tests). */
  recentSends(chatId: string, windowMs: number): Promise<Array<{ postId: number | null; startedAt: Date; landedBy: Date }>>;
}

const interval = (ms: number) => sql`${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;
const untilMs = (column: string) => sql<number>`greatest(0, ceil(extract(epoch from (${sql.ref(column)} - now())) * 1000))`;

/** Builds the pacing operations over `db`. */
export function createChannelPacingStore(db: Kysely<DatabaseSchema>): ChannelPacingStore {
  return {
    async recordFloodWait(chatId, retryAfterSeconds) {
      const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
      await sql`
        insert into telegram_flood_waits as w (chat_id, blocked_until, retry_after_seconds, updated_at)
        values (${normaliseChatRef(chatId)}, now() + ${seconds} * interval '1 second', ${seconds}, now())
        on conflict (chat_id) do update
          set blocked_until = greatest(w.blocked_until, excluded.blocked_until),
              retry_after_seconds = excluded.retry_after_seconds, updated_at = now()`.execute(db);
    },

    async floodWaitMs(chatIds) {
      if (chatIds.length === 0) return 0;
      const row = await db
        .selectFrom('telegram_flood_waits')
        .select(sql<number | null>`max(${untilMs('blocked_until')})`.as('wait_ms'))
        .where('chat_id', 'in', chatIds.map((c) => normaliseChatRef(c)))
        .executeTakeFirst();
      return Number(row?.wait_ms ?? 0);
    },

    async reserveSend(r) {
      const chat = normaliseChatRef(r.chatId);
      const window = interval(r.windowMs);
      const { rows } = await sql<{ send_id: string | number | null; leased: boolean; flood_ms: number | null; counted: string | number }>`
        with lease as (
          select 1 from channel_send_locks where chat_id = ${chat} and owner = ${r.owner} and expires_at > now() + ${interval(r.leaseNeededMs)}
        ), flood as (
          select blocked_until from telegram_flood_waits where chat_id = ${chat} and blocked_until > now()
        ), counted as (
          select count(*) as n from channel_sends where chat_id = ${chat} and landed_by > now() - ${window}
        ), ins as (
          insert into channel_sends (chat_id, post_id, started_at, landed_by)
          select ${chat}, ${r.postId}, now(), now() + ${interval(r.deadlineMs)}
          where exists (select 1 from lease) and not exists (select 1 from flood) and (select n from counted) < ${r.limit}
          returning id
        )
        select (select id from ins) as send_id,
               exists (select 1 from lease) as leased,
               (select max(greatest(0, ceil(extract(epoch from (blocked_until - now())) * 1000))) from flood) as flood_ms,
               (select n from counted) as counted`.execute(db);
      const row = rows[0];
      if (row?.send_id !== null && row?.send_id !== undefined) {
        // Sends far outside any window are of no further use.
        await sql`delete from channel_sends where chat_id = ${chat} and landed_by < now() - ${window} - interval '1 hour'`.execute(db);
        return { reserved: true, sendId: Number(row.send_id) };
      }
      if (!row?.leased) return { reserved: false, reason: 'lease', waitMs: 0 };
      if (row.flood_ms !== null) return { reserved: false, reason: 'flood-wait', waitMs: Number(row.flood_ms) };
      // The window is full: wait until enough of its sends have left it for one more to fit.
      const excess = Number(row.counted) - r.limit + 1;
      const { rows: oldest } = await sql<{ wait_ms: number }>`
        select greatest(0, ceil(extract(epoch from (landed_by + ${window} - now())) * 1000)) as wait_ms
        from channel_sends where chat_id = ${chat} and landed_by > now() - ${window}
        order by landed_by asc offset ${Math.max(0, excess - 1)} limit 1`.execute(db);
      return { reserved: false, reason: 'window', waitMs: Math.max(1, Number(oldest[0]?.wait_ms ?? 1)) };
    },

    async cancelSend(sendId) {
      await db.deleteFrom('channel_sends').where('id', '=', sendId).execute();
    },

    async recentSends(chatId, windowMs) {
      const rows = await db
        .selectFrom('channel_sends')
        .select(['post_id', 'started_at', 'landed_by'])
        .where('chat_id', '=', normaliseChatRef(chatId))
        .where('landed_by', '>', sql<Date>`now() - ${interval(windowMs)}`)
        .orderBy('landed_by')
        .execute();
      return rows.map((r) => ({ postId: r.post_id === null ? null : Number(r.post_id), startedAt: r.started_at, landedBy: r.landed_by }));
    },
  };
}
