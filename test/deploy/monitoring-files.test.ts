/**
 * The compose profile's Prometheus and Grafana files: the scrape config finds every worker
 * service of docker-compose.yml on its METRICS_PORT, and every query of the Grafana dashboard
 * names a series we (or the SDK) export, so a renamed metric can't leave a panel empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createBusinessMetrics } from '../../src/observability/metrics';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  command?: string[];
  profiles?: string[];
  environment?: Record<string, unknown>;
  volumes?: string[];
}

const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, Service>; 'x-worker': { environment: Record<string, unknown> } };

test('Prometheus scrapes every worker service on its METRICS_PORT, and the server', () => {
  const config = YAML.parse(read('deploy/prometheus/prometheus.yml'));
  const workers = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'worker').map(([name]) => name);
  expect(workers.length).toBeGreaterThanOrEqual(3);
  const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'cars-bot-workers');
  expect(job.metrics_path).toBe('/metrics');
  const sd = job.dns_sd_configs[0];
  expect([...sd.names].sort()).toEqual([...workers].sort());
  expect(String(sd.port)).toBe(String(compose['x-worker'].environment.METRICS_PORT));
  // Reachable from the Prometheus container: the workers listen beyond loopback.
  expect(compose['x-worker'].environment.METRICS_HOST).toBe('0.0.0.0');
  expect(config.scrape_configs.some((j: { static_configs?: { targets: string[] }[] }) => j.static_configs?.[0].targets.includes('temporal:8000'))).toBe(true);
});

test('Prometheus and Grafana are in the optional monitoring profile, with their files mounted', () => {
  for (const name of ['prometheus', 'grafana']) {
    expect([name, compose.services[name].profiles]).toEqual([name, ['monitoring']]);
    for (const volume of compose.services[name].volumes ?? []) {
      const source = volume.split(':')[0];
      expect([name, source, fs.existsSync(path.join(ROOT, source))]).toEqual([name, source, true]);
    }
  }
});

test('every Grafana panel queries a series that exists', async () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/cars-bot.json'));
  const ours = new Set((await createBusinessMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
  const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
  expect(exprs.length).toBeGreaterThanOrEqual(8);
  const named = exprs.flatMap((e) => e.match(/\b(carsbot|temporal)_\w+/g) ?? []);
  const carsbot = named.filter((n) => n.startsWith('carsbot_'));
  for (const name of carsbot) expect([name, ours.has(name)]).toEqual([name, true]);
  // Every one of our series has a panel.
  for (const name of ours) expect([name, carsbot.includes(name)]).toEqual([name, true]);
  expect(named.some((n) => n.startsWith('temporal_'))).toBe(true);
});
