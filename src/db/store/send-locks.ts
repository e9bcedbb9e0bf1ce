/**
 * Who may send to a channel now, and which posts' sends are still unresolved. The right to send
 * is a lease: one holder per channel, named by its attempt, with an expiry that the holder's
 * heartbeats push forward. A holder that dies stops renewing, so its lease runs out and the next
 * attempt takes it over; a lease whose post is already published is free at once. Apart from
 * the lease, a post whose send may have reached Telegram without its ids being recorded keeps a
 * pending-send row with the highest recorded id before that send, so its retry knows where to
 * look — while the channel moves on. Recording the ids, clearing the pending send and giving up
 * the lease happen in one transaction. Every time is the database's, so workers whose clocks
 * disagree still agree on who holds what.
 */
import { sql, type Kysely } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import type { DatabaseSchema } from '../schema';

/** The attempt that holds, or wants, a channel's lease. */
export interface LeaseOwner {
  postId: number;
  /** Unique per attempt: workflow, activity, attempt number and worker. */
  owner: string;
}

/** Outcome of asking for a channel's lease. */
export type LeaseResult =
  /** `previous`: whose lease was taken over (expired, or its post already published). */
  | { acquired: true; previous?: { postId: number; owner: string } }
  | { acquired: false; heldBy: number; owner: string; expiresInMs: number };

/** A send whose outcome is not known yet. */
export interface PendingSend {
  chatId: string;
  /** The send's message id is above this one. */
  floorMessageId: number;
  startedAt: Date;
}

/** What an attempt records once Telegram has returned the message ids. */
export interface RecordedSend extends LeaseOwner {
  chatId: string;
  messageIds: number[];
  /** The `channel_sends` row of this send, marked landed now. */
  sendId?: number;
}

/** The send-lease operations of the store. */
export interface SendLockStore {
  /** Takes the channel's lease if it is free, expired, ours already, or held for a published post. */
  acquireSendLease(chatId: string, who: LeaseOwner, ttlMs: number): Promise<LeaseResult>;
  /** Pushes our lease's expiry to `ttlMs` from now; false when it is no longer ours. */
  renewSendLease(chatId: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Gives our lease up (only the owner can). With `keepMs` it is only shortened, to expire that
   * long from now at the latest: a request whose outcome is unknown may still be landing.
   */
  releaseSendLease(chatId: string, owner: string, keepMs?: number): Promise<boolean>;
  /** The channel's lease as stored, if any (for diagnostics and tests). */
  sendLease(chatId: string): Promise<{ postId: number; owner: string; expiresInMs: number } | undefined>;
  /** Remembers, before sending, that the post's send may land unrecorded (keeps the lowest floor). */
  beginPendingSend(chatId: string, postId: number, floorMessageId: number): Promise<void>;
  pendingSend(postId: number): Promise<PendingSend | undefined>;
  /** Forgets a pending send that Telegram refused, or that the probe proved never landed. */
  clearPendingSend(postId: number): Promise<void>;
  /** Records the ids, clears the pending send, marks the send landed and releases the lease: one transaction. */
  recordSend(send: RecordedSend): Promise<void>;
  /** Message ids recorded for listings in the channel with ids in `[from, to]`. */
  knownMessageIds(chatId: string, from: number, to: number): Promise<Set<number>>;
  /** The highest message id recorded in the channel, or 0. */
  highestMessageId(chatId: string): Promise<number>;
}

const ms = (n: number) => sql<Date>`now() + ${Math.max(0, Math.round(n))} * interval '1 millisecond'`;

/** Builds the send-lease operations over `db`. */
export function createSendLockStore(db: Kysely<DatabaseSchema>): SendLockStore {
  return {
    async acquireSendLease(chatId, who, ttlMs) {
      const chat = normaliseChatRef(chatId);
      const before = await db.selectFrom('channel_send_locks').select(['post_id', 'owner']).where('chat_id', '=', chat).executeTakeFirst();
      const { rows } = await sql<{ post_id: string | number }>`
        insert into channel_send_locks as l (chat_id, post_id, owner, acquired_at, expires_at)
        values (${chat}, ${who.postId}, ${who.owner}, now(), ${ms(ttlMs)})
        on conflict (chat_id) do update
          set post_id = excluded.post_id, owner = excluded.owner, expires_at = excluded.expires_at,
              acquired_at = case when l.owner = excluded.owner then l.acquired_at else now() end
          where l.owner = excluded.owner
             or l.expires_at <= now()
             or exists (select 1 from posts p where p.id = l.post_id and jsonb_array_length(p.published_message_ids) > 0)
        returning post_id`.execute(db);
      if (rows.length > 0) {
        const previous = before && before.owner !== who.owner ? { postId: Number(before.post_id), owner: before.owner } : undefined;
        return previous ? { acquired: true, previous } : { acquired: true };
      }
      const holder = await this.sendLease(chat);
      // Released between the two statements: the next try will find it free.
      if (!holder) return { acquired: false, heldBy: 0, owner: '', expiresInMs: 0 };
      return { acquired: false, heldBy: holder.postId, owner: holder.owner, expiresInMs: holder.expiresInMs };
    },

    async renewSendLease(chatId, owner, ttlMs) {
      const result = await db
        .updateTable('channel_send_locks')
        .set({ expires_at: ms(ttlMs) })
        .where('chat_id', '=', normaliseChatRef(chatId))
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async releaseSendLease(chatId, owner, keepMs) {
      const chat = normaliseChatRef(chatId);
      if (keepMs !== undefined && keepMs > 0) {
        const result = await db
          .updateTable('channel_send_locks')
          .set({ expires_at: sql<Date>`least(expires_at, ${ms(keepMs)})` })
          .where('chat_id', '=', chat)
          .where('owner', '=', owner)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      }
      const result = await db.deleteFrom('channel_send_locks').where('chat_id', '=', chat).where('owner', '=', owner).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async sendLease(chatId) {
      const row = await db
        .selectFrom('channel_send_locks')
        .select(['post_id', 'owner', sql<number>`greatest(0, extract(epoch from (expires_at - now())) * 1000)`.as('expires_in_ms')])
        .where('chat_id', '=', normaliseChatRef(chatId))
        .executeTakeFirst();
      return row && { postId: Number(row.post_id), owner: row.owner, expiresInMs: Math.ceil(Number(row.expires_in_ms)) };
    },

    async beginPendingSend(chatId, postId, floorMessageId) {
      await db
        .insertInto('channel_pending_sends')
        .values({ post_id: postId, chat_id: normaliseChatRef(chatId), floor_message_id: floorMessageId })
        .onConflict((oc) =>
          oc.column('post_id').doUpdateSet({ chat_id: (eb) => eb.ref('excluded.chat_id'), floor_message_id: sql`least(channel_pending_sends.floor_message_id, excluded.floor_message_id)` }),
        )
        .execute();
    },

    async pendingSend(postId) {
      const row = await db.selectFrom('channel_pending_sends').selectAll().where('post_id', '=', postId).executeTakeFirst();
      return row && { chatId: row.chat_id, floorMessageId: Number(row.floor_message_id), startedAt: row.started_at };
    },

    async clearPendingSend(postId) {
      await db.deleteFrom('channel_pending_sends').where('post_id', '=', postId).execute();
    },

    async recordSend(send) {
      const chat = normaliseChatRef(send.chatId);
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('posts')
          .set({ published_chat_id: chat, published_message_ids: JSON.stringify(send.messageIds), updated_at: sql<Date>`now()` })
          .where('id', '=', send.postId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw new Error(`post ${send.postId} is gone; its message ids ${send.messageIds.join(', ')} in ${chat} are not recorded`);
        await trx.deleteFrom('channel_pending_sends').where('post_id', '=', send.postId).execute();
        if (send.sendId !== undefined) await trx.updateTable('channel_sends').set({ landed_by: sql<Date>`now()` }).where('id', '=', send.sendId).execute();
        await trx.deleteFrom('channel_send_locks').where('chat_id', '=', chat).where('owner', '=', send.owner).execute();
      });
    },

    async knownMessageIds(chatId, from, to) {
      const { rows } = await sql<{ id: string | number }>`
        select (ids.value)::bigint as id
        from posts, jsonb_array_elements_text(posts.published_message_ids) as ids(value)
        where posts.published_chat_id = ${normaliseChatRef(chatId)} and (ids.value)::bigint between ${from} and ${to}`.execute(db);
      return new Set(rows.map((r) => Number(r.id)));
    },

    async highestMessageId(chatId) {
      // Answered from posts_published_chat_max_id_idx's last entry for the chat (migration 0014), not by unnesting every post's ids.
      const row = await sql<{ max: string | number | null }>`
        select max(posts_max_message_id(published_message_ids)) as max
        from posts
        where published_chat_id = ${normaliseChatRef(chatId)}`.execute(db);
      return Number(row.rows[0]?.max ?? 0);
    },
  };
}
