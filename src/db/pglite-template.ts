/**
 * A freshly initialised PGlite data directory, kept so a new database starts as a copy of it
 * instead of running initdb again (initdb is most of a first start: tens of seconds on a busy
 * two-core machine, against well under one for copying the directory). A database on disk is
 * a copy of the directory; one in memory (tests) loads the same state from a tarball. Each is
 * made the first time it is needed and kept in `node_modules/.cache/cars-bot/`, named by
 * PGlite's version so an upgrade makes new ones. A cache that cannot be written is no error:
 * the database is initialised in place, as without one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Where PGlite is installed: `…/node_modules/@electric-sql/pglite`. */
function pgliteRoot(): string {
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Where the templates for the installed PGlite are kept, named by its version. */
function templatePath(kind: 'data' | 'data.tar.gz'): string {
  const root = pgliteRoot();
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return path.join(root, '..', '..', '.cache', 'cars-bot', `pglite-${version}-${kind}`);
}

/** Whether a directory already holds a database (initdb writes PG_VERSION first). */
function holdsDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Opens PGlite in `dataDir` (or in memory): an existing database as it is; a new one on disk as
 * a copy of the template directory, in memory from the template tarball; either template is
 * made the first time it is missing.
 */
export async function createPGlite(dataDir: string | undefined, log: (line: string) => void = () => undefined): Promise<PGlite> {
  if (dataDir === undefined) return createInMemory(log);
  if (!holdsDatabase(dataDir)) {
    const template = await ensureTemplateDir(log);
    if (template) fs.cpSync(template, dataDir, { recursive: true });
  }
  return PGlite.create({ dataDir });
}

/** The template directory, made by initdb (and a clean shutdown) if missing; undefined if it cannot be kept. */
async function ensureTemplateDir(log: (line: string) => void): Promise<string | undefined> {
  const dir = templatePath('data');
  if (holdsDatabase(dir)) return dir;
  const partial = `${dir}.${process.pid}.${Date.now()}.partial`;
  try {
    fs.mkdirSync(partial, { recursive: true });
    const pglite = await PGlite.create({ dataDir: partial });
    await pglite.close();
    try {
      fs.renameSync(partial, dir);
      log(`embedded database: kept a freshly initialised data directory in ${dir}; new databases start as a copy of it`);
    } catch (error) {
      // Another start made it meanwhile: use theirs.
      if (!holdsDatabase(dir)) throw error;
    }
    return dir;
  } catch (error) {
    log(`embedded database: could not keep a template in ${dir} (${describe(error)}); initialising the database itself`);
    return undefined;
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
}

/** An in-memory database from the template tarball, which is written after an initdb if missing. */
async function createInMemory(log: (line: string) => void): Promise<PGlite> {
  const file = templatePath('data.tar.gz');
  let template: Buffer | undefined;
  try {
    template = fs.readFileSync(file);
  } catch {
    // No template yet: made below.
  }
  if (template) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([new Uint8Array(template)]) });
    } catch (error) {
      log(`embedded database: the template ${file} did not load (${describe(error)}); initialising instead`);
    }
  }
  const pglite = await PGlite.create();
  await saveTarball(pglite, file, log);
  return pglite;
}

/** Writes the tarball from an instance nothing has used yet; atomically, so a racing start never reads half a file. */
async function saveTarball(pglite: PGlite, file: string, log: (line: string) => void): Promise<void> {
  try {
    const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, file);
    log(`embedded database: kept a freshly initialised database in ${file}; new in-memory databases start from it`);
  } catch (error) {
    log(`embedded database: could not keep a template in ${file} (${describe(error)})`);
  }
}
