/**
 * `npm test` and `npm start` run this first: it makes sure the Temporal CLI and the
 * time-skipping test server are on this machine and says where they are.
 */
import { ensureTemporalBinaries } from '../src/temporal/binaries';

const found = ensureTemporalBinaries();
for (const [kind, file] of Object.entries(found)) {
  console.error(`temporal ${kind === 'cli' ? 'CLI' : 'test server'}: ${file ?? 'not found (the SDK will download it; needs internet)'}`);
}
