/**
 * Post revisions: a source post edited so that its ad changed (a new content fingerprint) is
 * processed again as a revision of its own — a row per (source, message id, revision), the
 * first being revision 1 — so the original's history, status and listing stay as they were.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Every existing post is its own revision 1; the unique key gains the revision. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1).check(sql`revision >= 1`))
    .execute();
  await db.schema.alterTable('posts').dropConstraint('posts_source_message_id_key').execute();
  await db.schema.alterTable('posts').addUniqueConstraint('posts_source_message_id_revision_key', ['source', 'message_id', 'revision']).execute();
}

/** Undoes `up`, for a development database only (fails while a post has a second revision). */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('posts').dropConstraint('posts_source_message_id_revision_key').execute();
  await db.schema.alterTable('posts').addUniqueConstraint('posts_source_message_id_key', ['source', 'message_id']).execute();
  await db.schema.alterTable('posts').dropColumn('revision').execute();
}
