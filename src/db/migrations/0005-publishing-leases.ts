/**
 * Publishing that never blocks the channel (see `src/activities/telegram/publish-activities.ts`):
 * - the send lock becomes a lease: an owner (post, attempt and worker) and an expiry that the
 *   holder's heartbeats renew, so a dead holder's hold runs out instead of lasting forever;
 * - a send whose outcome is unknown is remembered per post (`channel_pending_sends`), apart from
 *   the lease, so the channel can move on while that post's retry checks what happened;
 * - every send to a chat is recorded (`channel_sends`) for the sliding-window limit, and a
 *   Telegram flood wait is kept per chat (`telegram_flood_waits`), both shared by all workers.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const now = sql`now()`;

/** Adds the lease columns and the three tables; a lock left by an older version expires at once. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('channel_send_locks').addColumn('owner', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('channel_send_locks').addColumn('expires_at', 'timestamptz', (c) => c.notNull().defaultTo(now)).execute();

  await db.schema
    .createTable('channel_pending_sends')
    .addColumn('post_id', 'bigint', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('floor_message_id', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('channel_sends')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'bigint', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('landed_by', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_sends_chat_landed_idx').on('channel_sends').columns(['chat_id', 'landed_by']).execute();

  await db.schema
    .createTable('telegram_flood_waits')
    .addColumn('chat_id', 'text', (c) => c.primaryKey())
    .addColumn('blocked_until', 'timestamptz', (c) => c.notNull())
    .addColumn('retry_after_seconds', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

/** Undoes `up`, for a development database only. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('telegram_flood_waits').execute();
  await db.schema.dropTable('channel_sends').execute();
  await db.schema.dropTable('channel_pending_sends').execute();
  await db.schema.alterTable('channel_send_locks').dropColumn('expires_at').execute();
  await db.schema.alterTable('channel_send_locks').dropColumn('owner').execute();
}
