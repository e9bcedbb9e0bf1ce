/**
 * One listing in flight per channel. A publishing attempt takes the channel's lock before it
 * sends and gives it up once the sent message ids are recorded. A lock still held when an
 * attempt starts means an earlier attempt's send may have reached Telegram without being
 * recorded; since no other listing can have gone to that channel meanwhile, the retry can
 * look for its own message among the ids the database doesn't know.
 */
import { sql, type Kysely } from 'kysely';
import { normaliseChatRef } from '../chat-ref';
import type { DatabaseSchema } from '../schema';

/** Outcome of taking a channel's send lock. */
export type SendLockResult =
  /** `resumed`: this post already held the lock, so an earlier attempt's outcome is unknown. */
  { acquired: true; resumed: boolean } | { acquired: false; heldBy: number };

/** The send-lock operations of the store. */
export interface SendLockStore {
  /** Takes the channel's send lock for a post, atomically. */
  acquireSendLock(chatId: string, postId: number, attemptsLeft?: number): Promise<SendLockResult>;
  /** Gives it up; only the holder can. Returns whether it held the lock. */
  releaseSendLock(chatId: string, postId: number): Promise<boolean>;
  /** Message ids recorded for listings in the channel with ids in `[from, to]`. */
  knownMessageIds(chatId: string, from: number, to: number): Promise<Set<number>>;
  /** The highest message id recorded in the channel, or 0. */
  highestMessageId(chatId: string): Promise<number>;
}

/** Builds the send-lock operations over `db`. */
export function createSendLockStore(db: Kysely<DatabaseSchema>): SendLockStore {
  const recordedIds = async (chatId: string): Promise<number[]> => {
    const rows = await db
      .selectFrom('posts')
      .select('published_message_ids')
      .where('published_chat_id', '=', normaliseChatRef(chatId))
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.flatMap((r) => r.published_message_ids);
  };
  return {
    async acquireSendLock(chatId, postId, attemptsLeft = 3) {
      const chat = normaliseChatRef(chatId);
      const inserted = await db
        .insertInto('channel_send_locks')
        .values({ chat_id: chat, post_id: postId })
        .onConflict((oc) => oc.column('chat_id').doNothing())
        .returning('post_id')
        .executeTakeFirst();
      if (inserted) return { acquired: true, resumed: false };
      const holder = await db.selectFrom('channel_send_locks').select('post_id').where('chat_id', '=', chat).executeTakeFirst();
      if (!holder) {
        // Released between our insert and our read: try again, a few times at most.
        if (attemptsLeft <= 1) throw new Error(`send lock of ${chat} kept changing hands`);
        return this.acquireSendLock(chatId, postId, attemptsLeft - 1);
      }
      return Number(holder.post_id) === postId ? { acquired: true, resumed: true } : { acquired: false, heldBy: Number(holder.post_id) };
    },
    async releaseSendLock(chatId, postId) {
      const result = await db
        .deleteFrom('channel_send_locks')
        .where('chat_id', '=', normaliseChatRef(chatId))
        .where('post_id', '=', postId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async knownMessageIds(chatId, from, to) {
      return new Set((await recordedIds(chatId)).filter((id) => id >= from && id <= to));
    },
    async highestMessageId(chatId) {
      const row = await sql<{ max: number | null }>`
        select max((ids.value)::bigint) as max
        from posts, jsonb_array_elements_text(posts.published_message_ids) as ids(value)
        where posts.published_chat_id = ${normaliseChatRef(chatId)}`.execute(db);
      return Number(row.rows[0]?.max ?? 0);
    },
  };
}
