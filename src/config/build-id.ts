/**
 * This build's id for Worker Versioning: the package version and the commit it was built from
 * (`0.1.0-3f9c2a1b7d4e`), so two builds with different workflow code are two versions.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The project root (this file is src/config/*.ts or dist/config/*.js). */
const ROOT = path.resolve(__dirname, '..', '..');

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The checkout's HEAD, short; undefined where there is no git or no checkout (a Docker image). */
function gitHead(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: 3_000 }).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `<version>-<commit>` from GIT_COMMIT or the checkout; else why it can't be made. */
export function deriveBuildId(gitCommit?: string): { buildId?: string; why?: string } {
  const commit = gitCommit?.slice(0, 12) ?? gitHead();
  if (!commit) return { why: 'there is no git checkout to take the commit from' };
  return { buildId: `${packageVersion()}-${commit}` };
}
