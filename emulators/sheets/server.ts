/**
 * The Google Sheets v4 emulator as an HTTP server: `/v4/spreadsheets/...` for the real googleapis
 * client (its `rootUrl` points here), `POST /token` for service-account JWT grants, and
 * `/_control/` for tests and other processes. Order per API request, as at Google: authenticate,
 * then faults, then quota, then the call itself.
 */
import { dropConnection, readBody, sendJson, startHttpServer } from '../common/http';
import { FaultInjector, type FaultConfig } from '../common/faults';
import { matchSheetsRoute } from './api-routes';
import { answerTokenRequest, authenticate, type TokenGrant } from './auth';
import type { CellValue } from './cell-values';
import { handleSheetsControl } from './control-api';
import { applyFieldMask } from './field-mask';
import type { SheetsFixture } from './fixture';
import { GoogleApiError, injectedGoogleFault, quotaExceeded } from './google-errors';
import type { RequestStats } from './quota';
import { DEFAULT_QUOTA_PER_MINUTE, SheetsWorld } from './sheets-world';

/** Where to listen and what the spreadsheets hold at start. */
export interface SheetsEmulatorOptions {
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  faults?: FaultConfig;
  /** Requests per minute across all API calls (default 60, Google's per-user quota); 0: unlimited. */
  quotaPerMinute?: number;
  /** Spreadsheets by id, seeded at start and on reset. */
  spreadsheets?: SheetsFixture;
  log?: (line: string) => void;
}

/** A running Sheets emulator with in-process helpers mirroring its control API. */
export interface SheetsEmulator {
  /** The googleapis `rootUrl`, e.g. `http://127.0.0.1:43123/` (with the trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The OAuth token endpoint (`${url}token`) for service-account JWT grants. */
  readonly tokenUrl: string;
  readonly faults: FaultInjector;
  readonly world: SheetsWorld;
  /** Stored values of a sheet: typed, trailing empties trimmed, empty cells as ''. */
  getValues(spreadsheetId: string, sheet: string): CellValue[][];
  /** Replaces a sheet's values, creating the spreadsheet or sheet if needed. */
  setValues(spreadsheetId: string, sheet: string, rows: CellValue[][]): void;
  setQuota(perMinute: number): void;
  /** false: every API call on the spreadsheet answers 403 PERMISSION_DENIED. */
  setAccess(spreadsheetId: string, allowed: boolean): void;
  requestStats(): RequestStats;
  tokenGrants(): TokenGrant[];
  /** Back to the fixture, the start quota and the start faults. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the emulator and resolves once it listens. */
export async function startSheetsEmulator(options: SheetsEmulatorOptions = {}): Promise<SheetsEmulator> {
  const log = options.log ?? (() => undefined);
  const world = new SheetsWorld(options.spreadsheets ?? {}, options.quotaPerMinute ?? DEFAULT_QUOTA_PER_MINUTE);
  const faults = new FaultInjector(options.faults ?? {});

  const server = await startHttpServer({
    host: options.host,
    port: options.port,
    handler: async (req, res, url) => {
      if (await handleSheetsControl(req, res, url, world, faults)) return;
      const method = req.method ?? 'GET';
      const started = Date.now();

      if (url.pathname === '/token' && method === 'POST') {
        const text = (await readBody(req)).toString('utf8');
        const json = String(req.headers['content-type'] ?? '').includes('json');
        const params = json ? new URLSearchParams(JSON.parse(text || '{}') as Record<string, string>) : new URLSearchParams(text);
        const answer = answerTokenRequest(params);
        if (answer.grant) world.grants.push(answer.grant);
        if (answer.issued?.scope !== undefined) world.issuedScopes.set(answer.issued.accessToken, answer.issued.scope);
        sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store' });
        log(`POST /token ${answer.status}`);
        return;
      }

      let name = `${method} ${url.pathname}`;
      try {
        const route = matchSheetsRoute(method, url.pathname, url.searchParams, world.store);
        if (!route) throw new GoogleApiError(404, 'Method not found.');
        name = route.name;
        authenticate(req, url, route.access === 'write', world.issuedScopes);
        const decision = await faults.decide();
        if (decision.kind === 'outage') {
          log(`${name} dropped (outage)`);
          dropConnection(req, res);
          return;
        }
        if (decision.kind === 'error') {
          throw decision.status === 429 ? quotaExceeded(route.access) : injectedGoogleFault(decision.status);
        }
        if (!world.quota.admit()) throw quotaExceeded(route.access);
        const body = method === 'GET' ? undefined : await readJsonBody(req);
        const result = route.run(body);
        sendJson(res, 200, applyFieldMask(result, url.searchParams.get('fields')));
        log(`${name} 200 ${Date.now() - started}ms`);
      } catch (err) {
        if (!(err instanceof GoogleApiError)) throw err;
        const headers: Record<string, string> = err.code === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } : {};
        sendJson(res, err.code, err.toBody(), headers);
        log(`${name} ${err.code} ${err.status} ${Date.now() - started}ms`);
      }
    },
  });

  return {
    url: `${server.url}/`,
    port: server.port,
    tokenUrl: `${server.url}/token`,
    faults,
    world,
    getValues: (id, sheet) => world.getValues(id, sheet),
    setValues: (id, sheet, rows) => world.setValues(id, sheet, rows),
    setQuota: (perMinute) => world.quota.setLimit(perMinute),
    setAccess: (id, allowed) => world.store.setAccess(id, allowed),
    requestStats: () => world.quota.stats(),
    tokenGrants: () => world.grants.slice(),
    reset: () => {
      world.reset();
      faults.restoreInitial();
    },
    close: () => server.close(),
  };
}

async function readJsonBody(req: import('node:http').IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GoogleApiError(400, 'Invalid JSON payload received. Unexpected token.');
  }
}
