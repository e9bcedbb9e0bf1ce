/**
 * The dashboard: `GET /dashboard` (the page with its sign-in form), its two scripts (ours and
 * Chart.js from our own node_modules, no CDN), and `GET /api/v1/dashboard`, the data it draws,
 * behind the API's bearer token like every other API route. The page and scripts hold no data,
 * so they are public; everything they show comes through the token.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { readDashboard, type DashboardOptions } from '../dashboard/dashboard-data';
import { renderDashboardPage } from '../dashboard/dashboard-page';
import { DASHBOARD_SCRIPT } from '../dashboard/dashboard-script';

export const DASHBOARD_PATH = '/dashboard';

/** Scripts from this origin only; Chart.js sets inline styles on its canvases. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Chart.js's browser build, as installed (its package exports don't list the file, so it is found beside the entry). */
function chartJsFile(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** The page and its scripts (public), registered at the root. */
export function dashboardPageRoutes() {
  const page = renderDashboardPage(DASHBOARD_PATH);
  let chartJs: Buffer | undefined;
  return async (app: FastifyInstance): Promise<void> => {
    const html = { config: { public: true } };
    app.get(DASHBOARD_PATH, html, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-store').send(page),
    );
    app.get(`${DASHBOARD_PATH}/dashboard.js`, html, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(DASHBOARD_SCRIPT));
    app.get(`${DASHBOARD_PATH}/chart.umd.min.js`, html, async (_request, reply) => {
      chartJs ??= await fs.promises.readFile(chartJsFile());
      return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(chartJs);
    });
  };
}

/** `GET /dashboard` under the API prefix: the data (needs the token). */
export function dashboardDataRoutes(ctx: ApiContext, options: DashboardOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/dashboard', async () => readDashboard(ctx, options));
  };
}
