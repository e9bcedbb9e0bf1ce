/**
 * The posts list, newest first, for operators (`GET /posts`, `cars-bot post list`): filters by
 * status, source, make and received time, paged by id (a cursor that stays right while new
 * posts arrive). Rows carry what the pipeline found, never the post's text or the seller's
 * contacts: both are personal data.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { PostStatus } from '../../common/post-status';
import type { DatabaseSchema } from '../schema';

/** What to list; every field narrows it. */
export interface PostListFilter {
  status?: PostStatus;
  /** A normalised chat reference (`@cars_kz` or a chat id). */
  source?: string;
  /** The extracted make, compared without case. */
  make?: string;
  /** Only posts received at or after this time. */
  since?: Date;
  /** Only posts older (smaller id) than this one: the previous page's last. */
  beforeId?: number;
  limit: number;
}

/** One post in the list: where it came from, where it is, what the pipeline found. */
export interface PostListRow {
  id: number;
  source: string;
  messageId: number;
  status: PostStatus;
  make: string | null;
  model: string | null;
  year: number | null;
  price: number | null;
  currency: string | null;
  failedStep: string | null;
  error: string | null;
  duplicateOf: number | null;
  publishedAt: Date | null;
  receivedAt: Date;
  updatedAt: Date;
}

/** The list operation of the store. */
export interface PostListStore {
  /** At most `limit` posts matching the filter, newest (highest id) first. */
  listPosts(filter: PostListFilter): Promise<PostListRow[]>;
}

/** Builds the list operation over `db`. */
export function createPostListStore(db: Kysely<DatabaseSchema>): PostListStore {
  return {
    async listPosts(filter) {
      let query = db
        .selectFrom('posts')
        .select([
          'id',
          'source',
          'message_id',
          'status',
          'make',
          'model',
          'year',
          'price',
          'currency',
          'failed_step',
          'error',
          'duplicate_of',
          'published_at',
          'created_at',
          'updated_at',
        ])
        .orderBy('id', 'desc')
        .limit(filter.limit);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.source) query = query.where('source', '=', filter.source);
      // Both sides lowered by the database, so they agree whatever its locale does with non-ASCII letters.
      if (filter.make) query = query.where(sql<boolean>`lower(make) = lower(${filter.make})`);
      if (filter.since) query = query.where('created_at', '>=', filter.since);
      if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: Number(r.id),
        source: r.source,
        messageId: Number(r.message_id),
        status: r.status,
        make: r.make,
        model: r.model,
        year: r.year,
        price: r.price === null ? null : Number(r.price),
        currency: r.currency,
        failedStep: r.failed_step,
        error: r.error,
        duplicateOf: r.duplicate_of,
        publishedAt: r.published_at,
        receivedAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    },
  };
}
