/**
 * The event log: what happened to posts and users, recorded as it happens and copied to the
 * Event log sheet in batches. `exported_at` marks what the sheet already has, so an export
 * that fails half-way is simply retried with the same rows.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DatabaseSchema, EventsTable } from '../schema';

/** An event to record; who and what it concerns, and any details. */
export interface NewEvent {
  /** e.g. `post.published`, `contact.sent`, `subscription.expired`. */
  type: string;
  postId?: number | null;
  userId?: number | null;
  payload?: Record<string, unknown>;
}

/** A recorded event, with its export state. */
export interface StoredEvent {
  id: number;
  type: string;
  postId: number | null;
  userId: number | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  exportedAt: Date | null;
}

/** The event operations of the store. */
export interface EventStore {
  recordEvent(event: NewEvent): Promise<StoredEvent>;
  /** The oldest events not yet exported, in the order they happened. */
  pendingEvents(limit: number): Promise<StoredEvent[]>;
  /** Marks events exported at `at`; an event already marked keeps its first time. Returns how many changed. */
  markEventsExported(ids: readonly number[], at: Date): Promise<number>;
}

/** Builds the event operations over `db`. */
export function createEventStore(db: Kysely<DatabaseSchema>): EventStore {
  return {
    recordEvent: (event) => insertEvent(db, event),

    async pendingEvents(limit) {
      const rows = await db.selectFrom('events').selectAll().where('exported_at', 'is', null).orderBy('id').limit(limit).execute();
      return rows.map(toEvent);
    },

    async markEventsExported(ids, at) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('events')
        .set({ exported_at: at })
        .where('id', 'in', [...ids])
        .where('exported_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

/** Records one event; used inside the transaction of the change it describes, too. */
export async function insertEvent(executor: Kysely<DatabaseSchema> | Transaction<DatabaseSchema>, event: NewEvent): Promise<StoredEvent> {
  const row = await executor
    .insertInto('events')
    .values({
      type: event.type,
      post_id: event.postId ?? null,
      user_id: event.userId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(row);
}

function toEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    postId: row.post_id,
    userId: row.user_id,
    payload: row.payload,
    createdAt: row.created_at,
    exportedAt: row.exported_at,
  };
}
