/**
 * The highest message id we have recorded in a channel, read at every send (it is where the
 * "pending send" check starts): before this, each read unnested the message ids of every post
 * ever published there, so a send got slower with every listing, and it runs under the
 * channel's lease. An immutable function gives a post's highest id, and an index on (chat, that
 * id) answers the channel's maximum from its last entry.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Adds the function and the index; nothing existing changes. */
export async function up(db: AnyDb): Promise<void> {
  // Created in the schema the migrations run in (the first on search_path), like the tables.
  await sql`
    create function posts_max_message_id(ids jsonb) returns bigint
    language sql immutable parallel safe
    as $$ select max((value)::bigint) from jsonb_array_elements_text(ids) as ids(value) $$`.execute(db);
  await sql`create index posts_published_chat_max_id_idx on posts (published_chat_id, posts_max_message_id(published_message_ids))`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('posts_published_chat_max_id_idx').ifExists().execute();
  await sql`drop function if exists posts_max_message_id(jsonb)`.execute(db);
}
