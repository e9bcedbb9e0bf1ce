/**
 * What the monitoring jobs must remember between runs: each component's last health state and
 * what the admins were last told about it (alerts go out on a change, once), the subscription
 * notices already settled (a user is warned once per end date), and the task-queue backlog and
 * taking run of each stats snapshot (a retried save finds its snapshot instead of adding one).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const now = sql`now()`;

/** Creates the two tables and adds the snapshot columns; nothing existing changes. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('health_states')
    .addColumn('component', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ok', 'down')`))
    .addColumn('detail', 'text')
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('alerted_status', 'text', (c) => c.notNull().defaultTo('ok').check(sql`alerted_status in ('ok', 'down')`))
    .addColumn('alerted_at', 'timestamptz')
    .addColumn('alert_claimed_by', 'text')
    .addColumn('alert_claimed_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('subscription_notices')
    .addColumn('telegram_user_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('expiry_warning', 'expired')`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('sent', 'undeliverable')`))
    .addColumn('detail', 'text')
    .addColumn('settled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('subscription_notices_pkey', ['telegram_user_id', 'kind', 'expires_at'])
    .execute();

  await db.schema.alterTable('stats_snapshots').addColumn('queues', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
  await db.schema.alterTable('stats_snapshots').addColumn('taken_by', 'text').execute();
  await db.schema.createIndex('stats_snapshots_taken_by_key').on('stats_snapshots').column('taken_by').unique().execute();
}

/** Undoes `up`, for a development database only. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('stats_snapshots_taken_by_key').execute();
  await db.schema.alterTable('stats_snapshots').dropColumn('taken_by').execute();
  await db.schema.alterTable('stats_snapshots').dropColumn('queues').execute();
  await db.schema.dropTable('subscription_notices').execute();
  await db.schema.dropTable('health_states').execute();
}
