/**
 * The dashboard's series: posts per hour by status, publications per hour, AI usage per day,
 * and the latest failures. Buckets are counted in the database from epoch seconds, so they
 * don't depend on the session's time zone; hours and days are UTC.
 */
import { sql, type Kysely } from 'kysely';
import type { PostStatus } from '../post-status';
import type { DatabaseSchema } from '../schema';

/** Posts received in one hour with one status. */
export interface StatusBucket {
  /** Start of the hour (UTC). */
  at: Date;
  status: PostStatus;
  count: number;
}

/** Posts published in one bucket (a minute, an hour). */
export interface CountBucket {
  at: Date;
  count: number;
}

/** AI calls and tokens of the posts received on one day (UTC). */
export interface AiUsageBucket {
  at: Date;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** A failed post as an operator needs it: where it came from, which step and why. */
export interface FailedPostSummary {
  id: number;
  source: string;
  messageId: number;
  failedStep: string | null;
  error: string | null;
  failedAt: Date;
}

/** The timeline operations of the store. */
export interface TimelineStore {
  postsPerHour(since: Date): Promise<StatusBucket[]>;
  /** Publications per bucket of `bucketSeconds` (60: per minute). */
  publishedPer(bucketSeconds: number, since: Date): Promise<CountBucket[]>;
  aiUsagePerDay(since: Date): Promise<AiUsageBucket[]>;
  latestFailures(limit: number): Promise<FailedPostSummary[]>;
}

const bucket = (column: 'created_at' | 'published_at', seconds: number) =>
  sql<number>`(floor(extract(epoch from ${sql.ref(column)}) / ${sql.lit(seconds)}) * ${sql.lit(seconds)})::bigint`;

const toDate = (epochSeconds: number | string): Date => new Date(Number(epochSeconds) * 1000);

/** Builds the timeline operations over `db`. */
export function createTimelineStore(db: Kysely<DatabaseSchema>): TimelineStore {
  return {
    async postsPerHour(since) {
      const rows = await db
        .selectFrom('posts')
        .select((eb) => [bucket('created_at', 3600).as('at'), 'status', eb.fn.countAll<number>().as('count')])
        .where('created_at', '>=', since)
        .groupBy(['at', 'status'])
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ at: toDate(r.at), status: r.status, count: Number(r.count) }));
    },

    async publishedPer(bucketSeconds, since) {
      const rows = await db
        .selectFrom('posts')
        .select((eb) => [bucket('published_at', Math.max(1, Math.floor(bucketSeconds))).as('at'), eb.fn.countAll<number>().as('count')])
        .where('published_at', '>=', since)
        .groupBy('at')
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ at: toDate(r.at), count: Number(r.count) }));
    },

    async aiUsagePerDay(since) {
      const rows = await db
        .selectFrom('posts')
        .select((eb) => [
          bucket('created_at', 86_400).as('at'),
          eb.fn.coalesce(eb.fn.sum<number>('ai_calls'), sql<number>`0`).as('calls'),
          eb.fn.coalesce(eb.fn.sum<number>('ai_prompt_tokens'), sql<number>`0`).as('promptTokens'),
          eb.fn.coalesce(eb.fn.sum<number>('ai_completion_tokens'), sql<number>`0`).as('completionTokens'),
        ])
        .where('created_at', '>=', since)
        .groupBy('at')
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ at: toDate(r.at), calls: Number(r.calls), promptTokens: Number(r.promptTokens), completionTokens: Number(r.completionTokens) }));
    },

    async latestFailures(limit) {
      const rows = await db
        .selectFrom('posts')
        .select(['id', 'source', 'message_id', 'failed_step', 'error', 'updated_at'])
        .where('status', '=', 'failed')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, source: r.source, messageId: r.message_id, failedStep: r.failed_step, error: r.error, failedAt: r.updated_at }));
    },
  };
}
