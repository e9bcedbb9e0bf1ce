/**
 * The worker process's health endpoint: `GET /healthz` answers 200 when the workers can poll
 * and 503 naming what is wrong (see worker-health.ts). Plain node:http: one route, no framework
 * to load into every worker process. Requests that arrive together share one check.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAddressInUse, PortInUseError } from '../stack/ports';
import type { WorkerHealthReport } from './worker-health';

export interface HealthServerOptions {
  host: string;
  port: number;
  check(): Promise<WorkerHealthReport>;
}

export interface RunningHealthServer {
  /** e.g. `http://127.0.0.1:8081/healthz`. */
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<RunningHealthServer> {
  let inFlight: Promise<WorkerHealthReport> | undefined;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found: GET /healthz"}');
      return;
    }
    inFlight ??= options.check().finally(() => (inFlight = undefined));
    inFlight.then(
      (report) => {
        res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: report.ok ? 'ok' : 'unhealthy', ...report }));
      },
      (err: unknown) => {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unhealthy', error: String(err) }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(isAddressInUse(err) ? new PortInUseError(options.host, options.port, 'WORKER_HEALTH_PORT') : err));
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/healthz`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
