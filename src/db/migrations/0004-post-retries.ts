/**
 * What a retry needs to know about a post: whether extraction already ran (its fields may all
 * be empty, so the fields can't tell), which step failed, and notes about what intake or
 * publishing changed (e.g. an album cut to Telegram's 10 photos).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('extracted_at', 'timestamptz')
    .addColumn('failed_step', 'text')
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  // Extraction results from before this migration count as extracted.
  await sql`update posts set extracted_at = updated_at where status in ('ready', 'publishing', 'published')`.execute(db);
  await db.schema.createIndex('posts_failed_idx').on('posts').columns(['status', 'updated_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('posts_failed_idx').execute();
  await db.schema.alterTable('posts').dropColumn('notes').dropColumn('failed_step').dropColumn('extracted_at').execute();
}
