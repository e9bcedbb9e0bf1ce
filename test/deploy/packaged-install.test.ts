/**
 * The Docker image's two stages, replayed in folders (no Docker engine here): the build stage
 * has only what the Dockerfile copies before `npm run build`; the runtime stage has dist/, bin/
 * and package.json but no sources. The CLI must run from there, and the workers must take the
 * prebuilt workflow bundle rather than bundle at every start.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** The paths the Dockerfile's build stage copies (its COPY lines), relative to the repository. */
function copiedByDockerfile(): string[] {
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const build = dockerfile.split(/^FROM /m)[1];
  return [...build.matchAll(/^COPY\s+(?!--from)(.+?)\s+\S+$/gm)].flatMap((m) => m[1].split(/\s+/));
}

test('the build stage builds dist/ from what it copies, and the runtime stage runs it without sources', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-image-'));
  try {
    const build = path.join(tmp, 'build');
    for (const rel of copiedByDockerfile()) fs.cpSync(path.join(root, rel), path.join(build, rel), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(build, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build-dist.js'], { cwd: build, stdio: 'pipe' });
    expect(fs.existsSync(path.join(build, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(build, 'dist', 'workflow-bundle.js'))).toBe(true);

    const app = path.join(tmp, 'app');
    fs.cpSync(path.join(build, 'dist'), path.join(app, 'dist'), { recursive: true });
    fs.cpSync(path.join(root, 'bin'), path.join(app, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'));
    const version = execFileSync(process.execPath, ['bin/cars-bot.js', '--version'], { cwd: app, encoding: 'utf8' });
    expect(version.trim()).toBe((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
    const bundle = execFileSync(process.execPath, ['-e', "process.stdout.write(String(require('./dist/workers/workflow-bundle.js').currentPrebuiltBundle()))"], { cwd: app, encoding: 'utf8' });
    expect(bundle).toBe(path.join(app, 'dist', 'workflow-bundle.js'));
    expect(fs.existsSync(path.join(app, 'src'))).toBe(false);
    // The emulators are a tool of the clone: neither the build nor the image has them, and asking
    // for them says so instead of failing on a missing module.
    expect(copiedByDockerfile().some((rel) => rel.startsWith('emulators'))).toBe(false);
    expect(fs.readdirSync(path.join(build, 'dist'), { recursive: true }).filter((f) => String(f).includes('emulator-core'))).toEqual([]);
    let refused = '';
    try {
      execFileSync(process.execPath, ['bin/cars-bot.js', 'emulators'], { cwd: app, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, LOG_LEVEL: 'warn' } });
    } catch (err) {
      refused = String((err as { stderr?: string }).stderr);
    }
    expect(refused).toMatch(/cars-bot emulators: the emulators are a development tool kept in a clone's emulators\/ folder/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);
