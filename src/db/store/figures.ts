/**
 * The service's figures for a period, the numbers behind the Analytics sheet, the admins'
 * `/stats` and the stats snapshots. Counted in one repeatable-read transaction so they agree
 * with each other even while the pipeline keeps writing.
 */
import { sql, type Kysely } from 'kysely';
import { POST_STATUSES, type PostStatus } from '../../common/post-status';
import type { Figures, Period } from '../../common/stats';
import type { DatabaseSchema } from '../schema';

/** The figures operation of the store. */
export interface FiguresStore {
  figures(period: Period): Promise<Figures>;
}

/** Builds the figures operation over `db`. */
export function createFiguresStore(db: Kysely<DatabaseSchema>): FiguresStore {
  return {
    async figures({ from, to }) {
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const received = trx.selectFrom('posts').where('created_at', '>=', from).where('created_at', '<', to);
          const byStatus = await received
            .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
            .groupBy('status')
            .execute();
          const totals = await received
            .select((eb) => [
              eb.fn.countAll<number>().filterWhere('is_car_ad', '=', true).as('carAds'),
              eb.fn.coalesce(eb.fn.sum<number>('ai_calls'), sql<number>`0`).as('aiCalls'),
              eb.fn.coalesce(eb.fn.sum<number>('ai_prompt_tokens'), sql<number>`0`).as('promptTokens'),
              eb.fn.coalesce(eb.fn.sum<number>('ai_completion_tokens'), sql<number>`0`).as('completionTokens'),
            ])
            .executeTakeFirstOrThrow();
          const published = await trx
            .selectFrom('posts')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('published_at', '>=', from)
            .where('published_at', '<', to)
            .executeTakeFirstOrThrow();
          const subscribers = await trx
            .selectFrom('subscribers')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('active', '=', true)
            .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', to)]))
            .executeTakeFirstOrThrow();

          const postsByStatus = Object.fromEntries(POST_STATUSES.map((s) => [s, 0])) as Record<PostStatus, number>;
          for (const { status, count } of byStatus) postsByStatus[status] = count;
          return {
            from,
            to,
            postsByStatus,
            received: byStatus.reduce((sum, { count }) => sum + count, 0),
            carAds: totals.carAds,
            duplicates: postsByStatus.duplicate,
            published: published.count,
            failed: postsByStatus.failed,
            aiCalls: totals.aiCalls,
            promptTokens: totals.promptTokens,
            completionTokens: totals.completionTokens,
            activeSubscribers: subscribers.count,
          };
        });
    },
  };
}
