/**
 * The embedded database is one PGlite session served to many `pg` connections. These tests
 * hold it to what PostgreSQL guarantees each connection: its extended-protocol exchanges and
 * its transactions never mix with another connection's; what a vanished client left open is
 * rolled back; and a transaction that waits on a second connection of its own ends in an
 * error instead of hanging. (On PostgreSQL itself the server does all this.)
 */
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../src/db';
import { SOCKET_PORT } from '../../src/db/pglite-host';
import { waitFor } from '../harness/wait-for';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ idleInTransactionTimeoutMs: 1_500 });
  await migrateToLatest(database.db);
  await sql`create table session_probe (name text primary key, n int not null default 0)`.execute(database.db);
}, 120_000);

beforeEach(async () => {
  await sql`truncate session_probe`.execute(database.db);
});

afterAll(async () => {
  await database?.close();
});

const stats = () => database.pglite!.stats();
const names = async () => (await sql<{ name: string }>`select name from session_probe order by name`.execute(database.db)).rows.map((r) => r.name);

/** A raw client on the embedded database's socket, outside the pool. */
async function rawClient(): Promise<Client> {
  const client = new Client({ host: database.pglite!.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

test('fifty parameterised queries at once each get their own answer', async () => {
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => sql<{ n: number; label: string }>`select ${i}::int as n, ${`label ${i}`}::text as label`.execute(database.db)),
  );
  expect(answers.map((a) => a.rows[0])).toEqual(Array.from({ length: 50 }, (_, i) => ({ n: i, label: `label ${i}` })));
});

test('a statement from another connection waits for an open transaction and never runs inside it', async () => {
  let outside: Promise<number> | undefined;
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into session_probe (name) values ('inside')`.execute(trx);
      outside = sql<{ count: number }>`select count(*)::int as count from session_probe`.execute(database.db).then((r) => r.rows[0].count);
      // The other connection's statement is queued behind this transaction…
      await waitFor(async () => (await stats()).waiting >= 1, { what: 'the outside statement to wait' });
      // …which then rolls back.
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  // Run inside the transaction, it would have counted the row; after the rollback there is none.
  expect(await outside).toBe(0);
  expect(await names()).toEqual([]);
});

test('concurrent read-modify-write transactions are applied one after another', async () => {
  await sql`insert into session_probe (name, n) values ('counter', 0)`.execute(database.db);
  await Promise.all(
    Array.from({ length: 20 }, () =>
      database.db.transaction().execute(async (trx) => {
        // No row lock: only transactions that never overlap keep every increment.
        const { rows } = await sql<{ n: number }>`select n from session_probe where name = 'counter'`.execute(trx);
        await sql`update session_probe set n = ${rows[0].n + 1} where name = 'counter'`.execute(trx);
      }),
    ),
  );
  const { rows } = await sql<{ n: number }>`select n from session_probe where name = 'counter'`.execute(database.db);
  expect(rows[0].n).toBe(20);
});

test('a client killed in the middle of a transaction has it rolled back, and the others go on', async () => {
  const client = await rawClient();
  await client.query('begin');
  await client.query(`insert into session_probe (name) values ('killed')`);
  const waiting = sql`insert into session_probe (name) values ('after')`.execute(database.db);
  await waitFor(async () => (await stats()).waiting >= 1, { what: 'the pool statement to wait' });

  (client as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();

  await waiting;
  expect(await names()).toEqual(['after']);
  expect((await stats()).held).toBe(false);
});

test('a client gone in the middle of an extended-protocol exchange has its statement undone, not committed', async () => {
  // Parse, Bind and Execute an insert, then Flush (no Sync, which would commit it) and vanish.
  const socket = net.connect(path.join(database.pglite!.socketDir, `.s.PGSQL.${SOCKET_PORT}`));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const received: Buffer[] = [];
  socket.on('data', (d: Buffer) => received.push(d));
  socket.write(startup());
  await waitFor(() => Buffer.concat(received).includes(Buffer.from('Z\0\0\0\x05I', 'latin1')), { what: 'the startup answer' });
  received.length = 0;
  socket.write(
    Buffer.concat([
      frame('P', Buffer.concat([cstr(''), cstr(`insert into session_probe (name) values ('half-done')`), int16(0)])),
      frame('B', Buffer.concat([cstr(''), cstr(''), int16(0), int16(0), int16(0)])),
      frame('E', Buffer.concat([cstr(''), int32(0)])),
      frame('H', Buffer.alloc(0)),
    ]),
  );
  // CommandComplete ('C'): the insert ran, inside the exchange's implicit transaction.
  await waitFor(() => Buffer.concat(received).includes(Buffer.from('INSERT 0 1')), { what: 'the insert to run' });
  socket.destroy();

  await waitFor(async () => !(await stats()).held, { what: 'the session to be free' });
  expect(await names()).toEqual([]);
});

test('a transaction that waits on a second connection of its own fails instead of hanging', async () => {
  const started = Date.now();
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into session_probe (name) values ('held')`.execute(trx);
      // The outer handle is another connection, which must wait for this very transaction.
      await sql`select count(*) from session_probe`.execute(database.db);
    }),
  ).rejects.toMatchObject({ code: '55P03', message: expect.stringMatching(/one session/) });
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  // The transaction rolled back; the database serves the next statement at once.
  expect(await names()).toEqual([]);
});

test('session-level advisory locks, as the migrations take them, can be taken and released from many connections at once', async () => {
  const runs = await Promise.all(Array.from({ length: 5 }, () => migrateToLatest(database.db)));
  expect(runs.map((r) => r.applied)).toEqual([[], [], [], [], []]);
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_locks where locktype = 'advisory'`.execute(database.db);
  expect(rows[0].count).toBe(0);
});

function int16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(value);
  return b;
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

function cstr(text: string): Buffer {
  return Buffer.from(`${text}\0`);
}

function frame(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(4 + body.length), body]);
}

function startup(): Buffer {
  const body = Buffer.concat([cstr('user'), cstr('postgres'), cstr('database'), cstr('postgres'), Buffer.from([0])]);
  return Buffer.concat([int32(8 + body.length), int32(3 << 16), body]);
}
