#!/usr/bin/env node
/**
 * Builds dist/: the TypeScript sources transpiled to CommonJS by esbuild (the transpiler tsx runs
 * them with in development; `npm run typecheck` checks the types), then the prebuilt workflow
 * bundle the workers load instead of running webpack at every start.
 *
 *   node scripts/build-dist.js              transpile, then bundle the workflows
 *   node scripts/build-dist.js --if-stale   the same, only when a source changed since the last build
 *   node scripts/build-dist.js --no-bundle  transpile only (the workers bundle on first start)
 *
 * `npm install` runs it (the `prepare` script) and bin/cars-bot.js runs the transpile again when the
 * sources changed, so a checkout never runs stale code. Plain JavaScript: it runs before any of
 * the compiled code exists.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const INFO = path.join(DIST, 'build-info.json');
const LOCK = path.join(DIST, '.build.lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 120_000;

/** Every .ts file under dir (relative paths, sorted). */
function sourceFiles(dir = SRC, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(dir, name));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(name);
  }
  return out.sort();
}

/**
 * What the transpiled output depends on, cheaply: each source's path, size and modification time,
 * plus this script and the compiler options. Stat only (a few milliseconds), so every command can
 * afford to check it.
 */
function sourceFingerprint() {
  const hash = crypto.createHash('sha1');
  for (const file of [...sourceFiles().map((f) => path.join(SRC, f)), __filename, path.join(ROOT, 'tsconfig.json')]) {
    const st = fs.statSync(file);
    hash.update(`${path.relative(ROOT, file)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function readInfo() {
  try {
    return JSON.parse(fs.readFileSync(INFO, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when dist/ holds the transpiled current sources (always true without sources: a packaged install). */
function distIsCurrent() {
  if (!fs.existsSync(SRC)) return true;
  const info = readInfo();
  return Boolean(info && info.fingerprint === sourceFingerprint() && fs.existsSync(path.join(DIST, 'cli', 'main.js')));
}

/** Runs fn holding a lock directory, so two processes never build at once; a waiter finds the work done. */
function withLock(fn) {
  fs.mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (age > STALE_LOCK_MS || Date.now() > deadline) fs.rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Removes compiled files whose source is gone, so a deleted module can't be loaded from dist/. */
function removeOrphans(sources) {
  const expected = new Set(sources.flatMap((f) => [f.replace(/\.ts$/, '.js'), f.replace(/\.ts$/, '.js.map')]));
  const walk = (rel) => {
    const dir = path.join(DIST, rel);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const name = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (rel !== '' && /\.js(\.map)?$/.test(entry.name) && !expected.has(name)) fs.rmSync(path.join(DIST, name));
    }
  };
  walk('');
}

/** Transpiles src/ into dist/ (skipped when current, unless forced); returns whether it ran. */
function transpile({ force = false } = {}) {
  return withLock(() => {
    if (!force && distIsCurrent()) return false;
    const fingerprint = sourceFingerprint();
    const sources = sourceFiles();
    const started = Date.now();
    // esbuild: what tsx already uses; per-file transpile (tsconfig has isolatedModules), no bundling.
    require('esbuild').buildSync({
      entryPoints: sources.map((f) => path.join(SRC, f)),
      outdir: DIST,
      outbase: SRC,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // `await import('./x')` becomes require() as tsc would emit it: Node's own import() wants file extensions.
      supported: { 'dynamic-import': false },
      sourcemap: true,
      logLevel: 'warning',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
    });
    removeOrphans(sources);
    fs.writeFileSync(INFO, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2)}\n`);
    process.stderr.write(`cars-bot: compiled ${sources.length} source files into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return true;
  });
}

/** Builds the prebuilt workflow bundle with the compiled code's own builder (src/workers/workflow-bundle.ts). */
async function bundleWorkflows() {
  const started = Date.now();
  const { buildWorkflowBundle, saveWorkflowBundle } = require(path.join(DIST, 'workers', 'workflow-bundle.js'));
  saveWorkflowBundle(await buildWorkflowBundle());
  process.stderr.write(`cars-bot: prebuilt the workflow bundle (dist/workflow-bundle.js) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

module.exports = { distIsCurrent, transpile, bundleWorkflows, sourceFingerprint };

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--if-stale', '--no-bundle'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`error: unknown option ${unknown.join(' ')}; usage: node scripts/build-dist.js [--if-stale] [--no-bundle]\n`);
    process.exit(2);
  }
  transpile({ force: !args.includes('--if-stale') });
  if (args.includes('--no-bundle')) process.exit(0);
  const { currentPrebuiltBundle } = require(path.join(DIST, 'workers', 'workflow-bundle.js'));
  if (args.includes('--if-stale') && currentPrebuiltBundle()) process.exit(0);
  bundleWorkflows().catch((err) => {
    process.stderr.write(`error: could not bundle the workflows: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  });
}
