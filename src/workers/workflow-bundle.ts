/**
 * The workflow worker's code bundle, prebuilt into dist/ so a start doesn't spend seconds in
 * webpack. It is used only while every file it was built from is unchanged (a manifest records
 * their hashes and the packages' versions); otherwise the workflows are bundled from source, as
 * the SDK does for `workflowsPath`, and the result is saved for the next start. Built with the
 * same options as Worker.create uses with `workflowsPath` and our data converter (its failure
 * converter module, no interceptors), so both give one code.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../temporal/data-converter';

/** The project root: this file is src/workers/*.ts or dist/workers/*.js. */
const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
/** Where the prebuilt bundle lives. */
export const PREBUILT_BUNDLE_PATH = path.join(DIST, 'workflow-bundle.js');
const MANIFEST_PATH = path.join(DIST, 'workflow-bundle.json');

/** What a bundle was built from: hashes of our files, versions of the packages (by folder). */
export interface BundleManifest {
  sources: Record<string, string>;
  packages: Record<string, string>;
  /** The bundling options' version: a bundle made with other options is not current. */
  options?: string;
}

/** Bump when `buildWorkflowBundle` bundles differently (converter modules, interceptors). */
const BUNDLE_OPTIONS = 'failure-converter-1';

export interface BuiltBundle {
  code: string;
  manifest: BundleManifest;
}

/** A prebuilt bundle, or the code just bundled; what `Worker.create` takes. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

const sha1 = (data: string | Buffer) => crypto.createHash('sha1').update(data).digest('hex');

/** The workflows' entry module: the sources in a checkout, the compiled code in a packaged install. */
function workflowsPath(): string {
  const source = path.join(ROOT, 'src', 'workflows', 'index.ts');
  return fs.existsSync(source) ? source : path.join(DIST, 'workflows', 'index.js');
}

/** The folder of the package a node_modules file belongs to, relative to the root. */
function packageDirOf(file: string): string | undefined {
  let dir = path.dirname(file);
  while (dir.startsWith(path.join(ROOT, 'node_modules'))) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name) return path.relative(ROOT, dir);
    dir = path.dirname(dir);
  }
  return undefined;
}

function packageVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Records every file webpack read: ours by content hash, dependencies by package version. */
function manifestOf(files: Iterable<string>): BundleManifest {
  const manifest: BundleManifest = { sources: {}, packages: { 'node_modules/@temporalio/worker': packageVersion('node_modules/@temporalio/worker') ?? '?' }, options: BUNDLE_OPTIONS };
  for (const file of files) {
    if (!path.isAbsolute(file) || !file.startsWith(ROOT + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) {
      const dir = packageDirOf(file);
      if (dir) manifest.packages[dir] = packageVersion(dir) ?? '?';
    } else {
      manifest.sources[path.relative(ROOT, file)] = sha1(fs.readFileSync(file));
    }
  }
  return manifest;
}

const quiet = () => undefined;

/** Bundles the workflows with webpack (through the SDK) and records what went in. */
export async function buildWorkflowBundle(entry = workflowsPath()): Promise<BuiltBundle> {
  let inputs: Iterable<string> = [];
  const { code } = await bundleWorkflowCode({
    workflowsPath: entry,
    // The product's failure converter runs in the sandbox too (failure messages encoded for the codec).
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // The SDK logs webpack's report at info; only its warnings and errors matter here.
    logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: (m) => console.warn(m), error: (m) => console.error(m) },
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply(compiler) {
            compiler.hooks.done.tap('cars-bot-bundle-inputs', (stats) => {
              inputs = [...stats.compilation.fileDependencies];
            });
          },
        },
      ],
    }),
  });
  return { code, manifest: manifestOf(inputs) };
}

/** Writes a file through a temporary name, so a reader never sees half of it. */
function writeAtomically(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Saves the bundle as the prebuilt one (code first, then the manifest that vouches for it). */
export function saveWorkflowBundle(bundle: BuiltBundle): void {
  fs.mkdirSync(DIST, { recursive: true });
  writeAtomically(PREBUILT_BUNDLE_PATH, bundle.code);
  writeAtomically(MANIFEST_PATH, `${JSON.stringify({ ...bundle.manifest, builtAt: new Date().toISOString() }, null, 2)}\n`);
}

/**
 * The prebuilt bundle's path when it was built from exactly the files there now; undefined
 * when it is missing or stale. Without sources (a packaged install) only the packages count.
 */
export function currentPrebuiltBundle(): string | undefined {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8')) as BundleManifest;
  } catch {
    return undefined;
  }
  if (!fs.existsSync(PREBUILT_BUNDLE_PATH) || Object.keys(manifest.sources ?? {}).length === 0 || manifest.options !== BUNDLE_OPTIONS) return undefined;
  for (const [dir, version] of Object.entries(manifest.packages ?? {})) {
    if (packageVersion(dir) !== version) return undefined;
  }
  if (fs.existsSync(path.join(ROOT, 'src'))) {
    for (const [file, hash] of Object.entries(manifest.sources)) {
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full) || sha1(fs.readFileSync(full)) !== hash) return undefined;
    }
  }
  return PREBUILT_BUNDLE_PATH;
}

/**
 * What the workflow worker runs: the prebuilt bundle when current, else a bundle made now from
 * source (saved as the prebuilt one when dist/ is writable, so the next start is quick).
 */
export async function workflowSourceForWorkers(log: (line: string) => void = () => undefined): Promise<WorkflowSource> {
  const prebuilt = currentPrebuiltBundle();
  if (prebuilt) return { workflowBundle: { codePath: prebuilt } };
  const started = Date.now();
  const bundle = await buildWorkflowBundle();
  let saved = '';
  try {
    saveWorkflowBundle(bundle);
    saved = ', saved for the next start';
  } catch {
    // A read-only install: bundle at every start, as the SDK would.
  }
  log(`the prebuilt workflow bundle is missing or older than the workflow code: bundled it from source in ${((Date.now() - started) / 1000).toFixed(1)} s${saved}`);
  return { workflowBundle: { code: bundle.code } };
}
