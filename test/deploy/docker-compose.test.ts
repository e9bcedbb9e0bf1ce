/**
 * `docker compose config`, as far as it can be done without Docker: docker-compose.yml parses
 * and interpolates from a .env like .env.example, every `depends_on` target and condition holds,
 * every variable it names is documented, every mounted file and script exists, our services
 * run real CLI commands with real settings and have healthchecks, secrets come only from .env,
 * nothing without a login is published beyond this machine, and the images are the Temporal
 * server line and UI the tests run on. A broken compose file fails here, in CI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { buildProgram } from '../../src/cli/main';
import { ALL_TASK_QUEUES, parseQueueList } from '../../src/common/task-queues';
import { SETTINGS } from '../../src/config/env-schema';
import { findBinary } from '../../src/temporal/binaries';
import {
  bindMountsOf,
  commandOf,
  dependenciesOf,
  envFilesOf,
  environmentOf,
  hostPathOf,
  interpolate,
  loadCompose,
  ourServices,
  publishedPortsOf,
  readComposeFile,
  readDockerfile,
  restartPolicyOf,
  ROOT,
  variableReferences,
  type ComposeFile,
} from '../harness/compose-file';

const rawText = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const raw = readComposeFile();
const envExample = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const references = variableReferences(rawText);
const required = [...new Set(references.filter((r) => r.required).map((r) => r.name))].sort();

/** A .env as a user fills in .env.example: every required variable set. */
const filledEnv: Record<string, string> = Object.fromEntries(required.map((name) => [name, `value-of-${name.toLowerCase()}`]));
const compose: ComposeFile = loadCompose(filledEnv);
const services = compose.services;
const ours = ourServices(compose);
const image = readDockerfile();
/** One-shot jobs: they run to completion and are not restarted once they succeed. */
const isOneShot = (name: string) => ['no', 'on-failure'].includes(restartPolicyOf(services[name]).policy);

describe('docker-compose.yml parses and interpolates', () => {
  test('with every required variable set, as `docker compose config` would; without one, the error names it', () => {
    expect(Object.keys(services).length).toBeGreaterThan(5);
    expect(services.api.environment).toMatchObject({ CODEC_UI_TOKEN: 'value-of-codec_ui_token' });
    expect(environmentOf(services['worker-ai']).DATABASE_URL).toBe('postgres://carsbot:value-of-carsbot_db_password@postgresql:5432/carsbot');
    const { CODEC_KEYS: _dropped, ...withoutKeys } = filledEnv;
    expect(() => loadCompose(withoutKeys)).toThrow(/required variable CODEC_KEYS is missing a value: set CODEC_KEYS in \.env/);
    expect(interpolate('a $$b ${X:-d} ${Y-e} ${Z:+f}', { Y: '', Z: 'z' })).toBe('a $b d  f');
  });

  test('every variable it names is in .env.example, the required ones as lines to fill in', () => {
    const documented = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const uncommented = Object.keys(parseDotenv(envExample));
    for (const ref of references) expect([ref.name, documented.has(ref.name)]).toEqual([ref.name, true]);
    expect(uncommented.sort()).toEqual(required);
    // .env.example also lists every setting of the service (the services read all of .env).
    for (const name of Object.keys(SETTINGS)) expect([name, documented.has(name)]).toEqual([name, true]);
  });
});

describe('services and their wiring', () => {
  test('every depends_on target exists, with a condition it can meet', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, condition] of Object.entries(dependenciesOf(service))) {
        expect([name, target, Boolean(services[target])]).toEqual([name, target, true]);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect([name, target, Boolean(services[target].healthcheck)]).toEqual([name, target, true]);
        if (condition === 'service_completed_successfully') expect([name, target, isOneShot(target)]).toEqual([name, target, true]);
      }
    }
  });

  test('starts in order: database, schema job, server, namespace job, then the schedules job and our long-running services', () => {
    expect(dependenciesOf(services['temporal-admin-tools'])).toEqual({ postgresql: 'service_healthy' });
    expect(dependenciesOf(services.temporal)).toEqual({ 'temporal-admin-tools': 'service_completed_successfully' });
    expect(dependenciesOf(services['temporal-create-namespace'])).toEqual({ temporal: 'service_started' });
    expect(dependenciesOf(services.schedules)).toEqual({ 'temporal-create-namespace': 'service_completed_successfully' });
    for (const name of ours.filter((n) => n !== 'schedules')) {
      expect([name, dependenciesOf(services[name])]).toEqual([name, { postgresql: 'service_healthy', 'temporal-create-namespace': 'service_completed_successfully' }]);
    }
  });

  test('every mounted file, env file, script and the build context exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const mount of bindMountsOf(service)) expect([name, mount.host, fs.existsSync(mount.host)]).toEqual([name, mount.host, true]);
      for (const file of envFilesOf(service).filter((f) => f.required)) expect([name, file.path, fs.existsSync(path.join(ROOT, file.path))]).toEqual([name, file.path, true]);
      // A script an entrypoint runs from a mount must be there, and parse as sh.
      for (const arg of commandOf(service).filter((a) => a.startsWith('/') && a !== '/bin/sh')) {
        const host = hostPathOf(service, arg);
        expect([name, arg, host !== undefined && fs.existsSync(host)]).toEqual([name, arg, true]);
        execFileSync('sh', ['-n', host!]);
      }
      // Named volumes are declared at the top level.
      for (const v of (service.volumes ?? []).map((x) => x.split(':')[0]).filter((s) => !s.startsWith('.') && !s.startsWith('/'))) {
        expect([name, v, Object.keys(compose.volumes ?? {}).includes(v)]).toEqual([name, v, true]);
      }
    }
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    for (const file of fs.readdirSync(path.join(ROOT, 'deploy/postgres'))) execFileSync('sh', ['-n', path.join(ROOT, 'deploy/postgres', file)]);
  });

  test('our services run real CLI commands, with settings the service knows', () => {
    const program = buildProgram();
    expect(ours.sort()).toEqual(['api', 'schedules', 'worker-ai', 'worker-io', 'worker-workflows']);
    expect(image.entrypoint).toEqual(['node', 'bin/cars-bot.js']);
    for (const name of ours) {
      const service = services[name];
      const [command, sub] = commandOf(service);
      const found = program.commands.find((c) => c.name() === command);
      expect([name, found?.name()]).toEqual([name, command]);
      if (found && found.commands.length > 0) expect(found.commands.map((c) => c.name())).toContain(sub);
      for (const key of Object.keys(environmentOf(service))) expect([name, key, key in SETTINGS]).toEqual([name, key, true]);
      expect([name, environmentOf(service).TEMPORAL_ADDRESS]).toEqual([name, 'temporal:7233']);
      expect(environmentOf(service).DATABASE_URL).toMatch(/@postgresql:5432\/carsbot$/);
      expect(envFilesOf(service)).toEqual([{ path: '.env', required: false }]);
    }
  });

  test('the worker services together serve every task queue exactly once, each with metrics and a health endpoint', () => {
    const workers = ours.filter((n) => commandOf(services[n])[0] === 'worker');
    const served = workers.flatMap((n) => {
      const cmd = commandOf(services[n]);
      return parseQueueList(cmd[cmd.indexOf('--queues') + 1]);
    });
    expect([...served].sort()).toEqual([...ALL_TASK_QUEUES].sort());
    for (const name of workers) {
      const env = environmentOf(services[name]);
      expect([name, services[name].expose?.map(String)]).toEqual([name, [env.METRICS_PORT]]);
      expect(env.WORKER_HEALTH_PORT).toMatch(/^\d+$/);
      expect(String(services[name].healthcheck?.test)).toContain('process.env.WORKER_HEALTH_PORT');
    }
  });

  test('every long-running service of ours has a healthcheck that reads its port from its environment', () => {
    for (const name of ours.filter((n) => !isOneShot(n))) {
      const test = services[name].healthcheck?.test;
      expect([name, Array.isArray(test) && test[0]]).toEqual([name, 'CMD']);
      const port = /process\.env\.(\w+_PORT)/.exec(String(test))?.[1];
      expect([name, port !== undefined && environmentOf(services[name])[port] !== undefined]).toEqual([name, true]);
      expect(restartPolicyOf(services[name]).policy).toBe('unless-stopped');
    }
    expect(String(services.api.healthcheck?.test)).toContain('/api/v1/healthz');
    expect(restartPolicyOf(services.schedules)).toEqual({ policy: 'on-failure', maxRetries: 5 });
  });
});

describe('secrets and exposure', () => {
  test('secrets only from .env: every secret setting and password is a required variable, never a literal or a default', () => {
    const rawServices = raw.services;
    for (const [name, service] of Object.entries(rawServices)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        const secret = (key in SETTINGS && 'secret' in SETTINGS[key as keyof typeof SETTINGS]) || /PASSWORD|PWD|TOKEN|SECRET|KEYS?$/.test(key);
        if (!secret) continue;
        const refs = variableReferences(value);
        expect([name, key, refs.length > 0 && refs.every((r) => r.required)]).toEqual([name, key, true]);
      }
    }
    expect(rawText).not.toMatch(/POSTGRES_PASSWORD:-|:postgres@|PASSWORD: postgres/);
  });

  test('PostgreSQL is not published; Temporal and the Web UI (no login) only on this machine', () => {
    expect(services.postgresql.ports).toBeUndefined();
    for (const [name, service] of Object.entries(services)) {
      for (const port of publishedPortsOf(service)) {
        if (name !== 'api') expect([name, port.hostIp]).toEqual([name, '127.0.0.1']);
      }
    }
    expect(publishedPortsOf(services.api)).toEqual([{ host: 3000, container: 3000 }]);
    expect(environmentOf(services.api).API_TOKENS).toBe('value-of-api_tokens');
  });

  test("the UI decodes through the API's codec route on the API's published port, and the API grants the UI's origin", () => {
    const endpoint = environmentOf(services['temporal-ui']).TEMPORAL_CODEC_ENDPOINT;
    // src/api/routes/codec.ts: /codec/<token>/decode
    expect(endpoint).toBe(`http://localhost:${publishedPortsOf(services.api)[0].host}/codec/value-of-codec_ui_token`);
    const ui = publishedPortsOf(services['temporal-ui'])[0];
    expect(environmentOf(services.api).CODEC_CORS_ORIGINS).toBe(`http://localhost:${ui.host}`);
    for (const name of ours) expect([name, environmentOf(services[name]).CODEC_KEYS]).toEqual([name, 'value-of-codec_keys']);
  });
});

describe('Temporal', () => {
  /** `temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)` of the CLI the tests run the dev server with. */
  const cliVersions = () => {
    const text = execFileSync(findBinary('cli')!, ['--version'], { encoding: 'utf8' });
    const m = /Server (\d+\.\d+\.\d+), UI (\d+\.\d+\.\d+)/.exec(text);
    if (!m) throw new Error(`unexpected temporal --version output: ${text}`);
    return { server: m[1], ui: m[2] };
  };

  test('the images are pinned to the server line and the UI the tests run on', () => {
    const { server, ui } = cliVersions();
    expect(services.temporal.image).toBe(`temporalio/server:${server}`);
    expect(services['temporal-admin-tools'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(services['temporal-create-namespace'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${ui}`);
    expect(JSON.stringify(compose)).not.toContain('auto-setup');
  });

  test('the server runs on PostgreSQL with the dynamic config file mounted (fairness on) and its metrics exposed', () => {
    const env = environmentOf(services.temporal);
    expect(env).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', BIND_ON_IP: '0.0.0.0', PROMETHEUS_ENDPOINT: '0.0.0.0:8000' });
    const file = hostPathOf(services.temporal, env.DYNAMIC_CONFIG_FILE_PATH);
    expect(file && fs.existsSync(file)).toBe(true);
    const dynamic = parseYaml(fs.readFileSync(file!, 'utf8')) as Record<string, { value: unknown; constraints?: unknown }[]>;
    expect(dynamic['matching.enableFairness']).toEqual([{ value: true }]);
    expect(services.temporal.expose?.map(String)).toContain('8000');
  });
});

describe('Node.js and the install', () => {
  const major = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

  test('one Node.js line everywhere: .nvmrc, engines, the Debian-based image (the SDK core needs glibc)', () => {
    expect(major).toBe('24');
    expect(pkg.engines.node).toBe(`>=${major}`);
    expect(image.bases.length).toBe(2);
    for (const base of image.bases) expect(base).toBe(`node:${major}-bookworm-slim`);
  });

  test('CI runs the suite on the .nvmrc Node', () => {
    // Elsewhere a developer may run the tests on another Node; CI (.ci/run) must not.
    if (process.env.CI) expect(process.versions.node.split('.')[0]).toBe(major);
    expect(fs.readFileSync(path.join(ROOT, 'scripts/ensure-node.sh'), 'utf8')).toContain('.nvmrc');
  });

  test('the image and CI install from the lock file with npm ci, CI on the .nvmrc Node', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm ci /m);
    expect(dockerfile).not.toMatch(/npm install/);
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci /m);
    expect(ci).toContain('scripts/ensure-node.sh');
    expect(ci.indexOf('scripts/ensure-node.sh')).toBeLessThan(ci.indexOf('npm ci'));
  });

  test("the lock file records every platform's optional binaries, so npm ci works on Linux x64/arm64 and macOS", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { optionalDependencies?: Record<string, string>; os?: string[]; cpu?: string[] }> };
    const missing: string[] = [];
    for (const [at, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        // Node's lookup: node_modules next to the package, then up the tree.
        let base = at;
        let found = false;
        for (;;) {
          if (lock.packages[`${base ? `${base}/` : ''}node_modules/${dep}`]) {
            found = true;
            break;
          }
          if (!base) break;
          const up = base.lastIndexOf('/node_modules/');
          base = up < 0 ? '' : base.slice(0, up);
        }
        if (!found) missing.push(`${at} -> ${dep}`);
      }
    }
    expect(missing).toEqual([]);
    const platforms = (name: string) => Object.entries(lock.packages).filter(([k]) => k.startsWith(`node_modules/${name}`)).map(([, e]) => `${e.os?.[0]}-${e.cpu?.[0]}`);
    for (const binary of ['@swc/core-', '@esbuild/']) expect(platforms(binary)).toEqual(expect.arrayContaining(['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64']));
  });
});
