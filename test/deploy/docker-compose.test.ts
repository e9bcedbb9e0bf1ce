/**
 * No Docker engine runs here, so the compose file is checked as data: every service is built or
 * pulled, wired to the right addresses, started in order, and runs a command our CLI has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ALL_TASK_QUEUES, parseQueueList } from '../../src/common/task-queues';
import { buildProgram } from '../../src/cli/main';

const root = path.resolve(__dirname, '../..');
type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
};
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const appServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

describe('docker-compose.yml', () => {
  test('has PostgreSQL 16, Temporal on PostgreSQL, its UI on 8080, and no deprecated auto-setup image', () => {
    expect(services.postgresql.image).toBe('postgres:16');
    expect(services.postgresql.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services.temporal.image).toMatch(/temporalio\/server:/);
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', BIND_ON_IP: '0.0.0.0' });
    expect(services['temporal-ui'].image).toMatch(/temporalio\/ui:/);
    expect(services['temporal-ui'].ports).toContain('8080:8080');
    expect(services['temporal-ui'].environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(JSON.stringify(compose)).not.toContain('auto-setup');
  });

  test('starts in order: database, schema job, server, namespace job, then our services', () => {
    expect(services['temporal-admin-tools'].depends_on?.postgresql.condition).toBe('service_healthy');
    expect(services.temporal.depends_on?.['temporal-admin-tools'].condition).toBe('service_completed_successfully');
    expect(services['temporal-create-namespace'].depends_on?.temporal).toBeDefined();
    for (const [name, s] of appServices) {
      expect([name, s.depends_on?.postgresql.condition]).toEqual([name, 'service_healthy']);
      expect([name, s.depends_on?.['temporal-create-namespace'].condition]).toEqual([name, 'service_completed_successfully']);
    }
  });

  test('the scripts the jobs mount exist', () => {
    for (const s of [services['temporal-admin-tools'], services['temporal-create-namespace']]) {
      const script = s.entrypoint?.at(-1) ?? '';
      expect(fs.existsSync(path.join(root, 'deploy/temporal', path.basename(script)))).toBe(true);
    }
  });

  test('our services point at Temporal and PostgreSQL by service name and run real CLI commands', () => {
    const commands = buildProgram().commands.map((c) => c.name());
    expect(appServices.map(([n]) => n).sort()).toEqual(['api', 'worker-ai', 'worker-io', 'worker-workflows']);
    for (const [name, s] of appServices) {
      expect([name, s.environment?.TEMPORAL_ADDRESS]).toEqual([name, 'temporal:7233']);
      expect(String(s.environment?.DATABASE_URL)).toMatch(/@postgresql:5432\/carsbot$/);
      expect(commands).toContain(s.command?.[0]);
    }
    expect(services.api.ports).toContain('3000:3000');
    expect(services.api.healthcheck?.test.join(' ')).toContain('/api/v1/healthz');
  });

  test('every service encrypts with the same CODEC_KEYS, and the UI decodes through the API\'s codec route', () => {
    for (const [name, s] of appServices) expect([name, s.environment?.CODEC_KEYS]).toEqual([name, expect.stringMatching(/^\$\{CODEC_KEYS:\?/)]);
    const endpoint = String(services['temporal-ui'].environment?.TEMPORAL_CODEC_ENDPOINT);
    // The route the API serves (src/api/routes/codec.ts: /codec/<token>/decode), on the API's published port.
    expect(endpoint).toMatch(/^http:\/\/localhost:3000\/codec\/\$\{CODEC_UI_TOKEN:\?[^}]*\}$/);
    expect(services.api.environment?.CODEC_UI_TOKEN).toMatch(/^\$\{CODEC_UI_TOKEN:\?/);
    expect(services.api.environment?.CODEC_CORS_ORIGINS).toBe('http://localhost:8080');
    expect(services['temporal-ui'].ports).toContain('8080:8080');
  });

  test('the worker services together serve every task queue exactly once', () => {
    const served = appServices
      .filter(([, s]) => s.command?.[0] === 'worker')
      .flatMap(([, s]) => parseQueueList(s.command?.[s.command.indexOf('--queues') + 1]));
    expect([...served].sort()).toEqual([...ALL_TASK_QUEUES].sort());
  });

  test('the image is Debian-based Node 20 (the SDK core needs glibc)', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:20-bookworm/);
  });
});
