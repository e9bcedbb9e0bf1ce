/**
 * One listing in flight per channel. The row is the mark of a send whose outcome is not yet
 * recorded: while it exists, no other listing goes to that channel, so a retry that finds it
 * can tell its own message apart (see `src/activities/telegram/publish-activities.ts`).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('channel_send_locks')
    .addColumn('chat_id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'bigint', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('acquired_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('posts_published_chat_idx').on('posts').columns(['published_chat_id', 'published_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('posts_published_chat_idx').execute();
  await db.schema.dropTable('channel_send_locks').execute();
}
