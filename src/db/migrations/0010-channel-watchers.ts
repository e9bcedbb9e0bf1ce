/**
 * Channel watchers (`watchChannel`): a per-channel poll interval from the Channels sheet, and
 * what each watcher last did — its cursor, its last read and how that went — so that a watcher
 * started again (the channel switched off and on, a worker gone for long) resumes from where it
 * was, and health and the dashboard can show every watcher's state without asking each one.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const now = sql`now()`;

/** Adds the column and the table; nothing existing changes. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('channels')
    .addColumn('poll_interval_seconds', 'integer', (c) => c.check(sql`poll_interval_seconds between 1 and 86400`))
    .execute();

  await db.schema
    .createTable('channel_watchers')
    .addColumn('chat', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'bigint')
    .addColumn('newest_id', 'bigint')
    .addColumn('last_poll_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('posts_started', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posts_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reader', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

/** Undoes `up`, for a development database only. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('channel_watchers').execute();
  await db.schema.alterTable('channels').dropColumn('poll_interval_seconds').execute();
}
