import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createStore, migrateToLatest, openDatabase, type Database, type DatabaseSchema } from '../../src/db';
import { MIGRATIONS } from '../../src/db/migrations';
import { BACKENDS, uniqueSchema, type Backend } from './backends';

const ALL = Object.keys(MIGRATIONS);

async function appliedMigrations(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

describe.each(BACKENDS)('migrations on $name', (backend: Backend) => {
  /** Where this test's database lives: a fresh schema, or a fresh PGlite directory. */
  let schema: string;
  let dataDir: string;
  const open = () =>
    openDatabase(backend.databaseUrl ? { databaseUrl: backend.databaseUrl, schema } : { dataDir });
  const opened: Database[] = [];

  beforeEach(async () => {
    schema = uniqueSchema();
    dataDir = await mkdtemp(join(tmpdir(), 'cars-bot-pglite-'));
  });
  afterEach(async () => {
    const databases = opened.splice(0);
    const last = databases.at(-1);
    if (backend.databaseUrl && last) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(last.db);
    await Promise.all(databases.map((d) => d.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates a new database, then finds nothing to do after a restart, with the data kept', async () => {
    const first = await open();
    opened.push(first);
    expect(await migrateToLatest(first.db)).toEqual({ applied: ALL });
    await createStore(first.db).upsertPost({ source: '@cars_kz', messageId: 1042, text: 'Toyota Camry 2018' });
    await first.close();

    const second = await open();
    opened.push(second);
    expect(await migrateToLatest(second.db)).toEqual({ applied: [] });
    expect(await appliedMigrations(second.db)).toEqual(ALL);
    expect((await createStore(second.db).getPostBySource('@cars_kz', 1042))?.text).toBe('Toyota Camry 2018');
  }, 120_000); // PGlite creates its files on disk, then starts twice: slow on a busy machine.

  it('applies each migration once when several runs start together', async () => {
    // PostgreSQL: three processes' connections at once. PGlite is one process's database,
    // so there the runs share it, as several workers in one process do.
    const databases = backend.databaseUrl ? await Promise.all([open(), open(), open()]) : [await open()];
    opened.push(...databases);
    const runs = [0, 1, 2].map((i) => databases[i % databases.length]);

    const results = await Promise.all(runs.map((d) => migrateToLatest(d.db)));

    expect(results.map((r) => r.applied).sort()).toEqual([[], [], ALL]);
    expect(await appliedMigrations(databases[0].db)).toEqual(ALL);
    const tables = await databases[0].db.introspection.getTables();
    const ours = tables.filter((t) => t.schema === (backend.databaseUrl ? schema : 'public')).map((t) => t.name);
    expect(ours).toEqual(
      expect.arrayContaining(['channels', 'events', 'fingerprint_claims', 'posts', 'stats_snapshots', 'subscribers']),
    );
  });
});
