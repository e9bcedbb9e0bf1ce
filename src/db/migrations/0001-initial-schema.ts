/**
 * The first schema: posts and their dedupe claims, the channel and subscriber lists synced
 * from Google Sheets, the event log and stats snapshots. A migration is frozen once released:
 * it spells out its own status list instead of importing the live one.
 */
import { sql, type Kysely } from 'kysely';

// Migrations run against whatever the schema was at their time, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const now = sql`now()`;
const emptyArray = sql`'[]'::jsonb`;

/** Creates the tables, their constraints and the indexes the store's queries use. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('posts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photos', 'jsonb', (c) => c.notNull().defaultTo(emptyArray))
    .addColumn('posted_at', 'timestamptz')
    .addColumn('fingerprint', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('received')
        .check(
          sql`status in ('received', 'duplicate', 'not_car', 'extracting', 'ready', 'publishing', 'published', 'failed')`,
        ),
    )
    .addColumn('is_car_ad', 'boolean')
    .addColumn('confidence', 'double precision')
    .addColumn('classification_reason', 'text')
    .addColumn('make', 'text')
    .addColumn('model', 'text')
    .addColumn('year', 'integer')
    .addColumn('price', 'numeric(16, 2)')
    .addColumn('currency', 'text')
    .addColumn('mileage_km', 'integer')
    .addColumn('engine', 'text')
    .addColumn('transmission', 'text')
    .addColumn('body', 'text')
    .addColumn('location', 'text')
    .addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(emptyArray))
    .addColumn('description', 'text')
    .addColumn('published_chat_id', 'text')
    .addColumn('published_message_ids', 'jsonb', (c) => c.notNull().defaultTo(emptyArray))
    .addColumn('published_at', 'timestamptz')
    .addColumn('ai_calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ai_prompt_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ai_completion_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('duplicate_of', 'bigint', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('posts_source_message_id_key', ['source', 'message_id'])
    .execute();
  await db.schema.createIndex('posts_status_idx').on('posts').column('status').execute();
  await db.schema.createIndex('posts_created_at_idx').on('posts').column('created_at').execute();
  await db.schema.createIndex('posts_published_at_idx').on('posts').column('published_at').execute();
  await db.schema
    .createIndex('posts_fingerprint_idx')
    .on('posts')
    .column('fingerprint')
    .where('fingerprint', 'is not', null)
    .execute();
  await db.schema.createIndex('posts_duplicate_of_idx').on('posts').column('duplicate_of').execute();

  await db.schema
    .createTable('fingerprint_claims')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'bigint', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('fingerprint_claims_post_id_idx').on('fingerprint_claims').column('post_id').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('chat', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('subscribers')
    .addColumn('telegram_user_id', 'bigint', (c) => c.primaryKey())
    .addColumn('username', 'text')
    .addColumn('plan', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('notes', 'text')
    .addColumn('expired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('subscribers_expires_at_idx').on('subscribers').column('expires_at').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('post_id', 'bigint', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('user_id', 'bigint')
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('exported_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('events_created_at_idx').on('events').column('created_at').execute();
  await db.schema.createIndex('events_post_id_idx').on('events').column('post_id').execute();
  await db.schema
    .createIndex('events_pending_idx')
    .on('events')
    .column('id')
    .where(sql.ref('exported_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('stats_snapshots')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stats_snapshots_taken_at_idx').on('stats_snapshots').column('taken_at').execute();
}

/** Drops everything `up` created, for a development database only. */
export async function down(db: AnyDb): Promise<void> {
  for (const table of ['stats_snapshots', 'events', 'subscribers', 'channels', 'fingerprint_claims', 'posts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
