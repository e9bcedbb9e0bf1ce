/**
 * `GET /metrics` on METRICS_HOST:METRICS_PORT: our business metrics (prom-client) and the
 * Temporal SDK's `temporal_*` series in one scrape. The SDK's exporter listens on a loopback
 * port of its own, which only this server reads; its text is passed on unchanged.
 */
import http from 'node:http';
import net from 'node:net';
import type { BusinessMetrics } from './metrics';

export interface MetricsServerOptions {
  host: string;
  port: number;
  metrics: BusinessMetrics;
  /** The SDK's Prometheus exporter (`http://127.0.0.1:<port>/metrics`), when the runtime has one. */
  sdkUrl?: string;
}

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

/** A free loopback port for the SDK's exporter (asked of the OS, then released for the SDK to take). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The SDK's series, or nothing when its exporter doesn't answer (ours are still served). */
async function sdkText(url: string | undefined): Promise<string> {
  if (!url) return '';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

/** Starts the metrics endpoint. */
export async function startMetricsServer({ host, port, metrics, sdkUrl }: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Prometheus metrics are at GET /metrics\n');
      return;
    }
    void Promise.all([metrics.registry.metrics(), sdkText(sdkUrl)]).then(
      ([ours, sdk]) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(`${ours}\n${sdk}`),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as net.AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
