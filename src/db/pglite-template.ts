/**
 * A freshly initialised PGlite data directory, kept as a tarball so a new database starts from
 * a copy of it instead of running initdb again (initdb is most of a first start: tens of
 * seconds on a busy two-core machine, against about three for unpacking the copy). The
 * tarball is made the first time one is needed, from the very instance that needed it, and
 * kept in `node_modules/.cache/cars-bot/`, named by PGlite's version so an upgrade makes a
 * new one. A cache that cannot be written is no error: the next start runs initdb again.
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

/** The template's file for the installed PGlite. */
export function templateFile(): string {
  const root = pgliteRoot();
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return path.join(root, '..', '..', '.cache', 'cars-bot', `pglite-${version}-data.tar.gz`);
}

/** Whether a directory already holds a database (initdb writes PG_VERSION first). */
function holdsDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * Opens PGlite in `dataDir` (or in memory): an existing database as it is, a new one from the
 * template when there is one, otherwise by initdb, after which the template is written for
 * next time.
 */
export async function createPGlite(dataDir: string | undefined, log: (line: string) => void = () => undefined): Promise<PGlite> {
  if (dataDir && holdsDatabase(dataDir)) return PGlite.create({ dataDir });
  const file = templateFile();
  let template: Buffer | undefined;
  try {
    template = fs.readFileSync(file);
  } catch {
    // No template yet: made below.
  }
  if (template) {
    try {
      return await PGlite.create({ dataDir, loadDataDir: new Blob([new Uint8Array(template)]) });
    } catch (error) {
      log(`embedded database: the template ${file} did not load (${error instanceof Error ? error.message : String(error)}); initialising instead`);
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const pglite = await PGlite.create({ dataDir });
  await saveTemplate(pglite, file, log);
  return pglite;
}

/** Writes the template from an instance nothing has used yet; atomically, so a racing start never reads half a file. */
async function saveTemplate(pglite: PGlite, file: string, log: (line: string) => void): Promise<void> {
  try {
    const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, file);
    log(`embedded database: kept a fresh data directory in ${file}; new databases start from it`);
  } catch (error) {
    log(`embedded database: could not keep a template in ${file} (${error instanceof Error ? error.message : String(error)})`);
  }
}
