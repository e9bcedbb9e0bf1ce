/**
 * Indexes for the posts list (`GET /posts`, `cars-bot post list`): newest first by id, narrowed
 * by source channel or by make (compared without case). Status and received time have theirs.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Adds two indexes; nothing existing changes. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('posts_source_id_idx').on('posts').columns(['source', 'id']).execute();
  await db.schema.createIndex('posts_make_lower_idx').on('posts').expression(sql`lower(make)`).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('posts_make_lower_idx').ifExists().execute();
  await db.schema.dropIndex('posts_source_id_idx').ifExists().execute();
}
