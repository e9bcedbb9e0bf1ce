/**
 * The Sheets emulator's control API under `/_control/` (JSON): seed and read sheet values, deny
 * access to a spreadsheet, change the quota, read request counts and token grants, inject
 * faults, reset. Never subject to faults, quota or authentication.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FaultInjector } from '../common/faults';
import { handleFaultControl, readJson, sendJson, replyControlError } from '../common/http';
import type { CellValue } from './cell-values';
import type { SheetsWorld } from './sheets-world';

const valuesBody = z.object({ values: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))) }).strict();
const accessBody = z.object({ access: z.enum(['allow', 'deny']) }).strict();
const quotaBody = z.object({ perMinute: z.number().int().min(0) }).strict();

/** Serves `/_control/*`; returns false for other paths. */
export async function handleSheetsControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  world: SheetsWorld,
  faults: FaultInjector,
): Promise<boolean> {
  if (!url.pathname.startsWith('/_control/')) return false;
  if (await handleFaultControl(req, res, url, faults)) return true;
  const method = req.method ?? 'GET';
  const path = url.pathname.slice('/_control'.length);
  try {
    const sheetPath = /^\/spreadsheets\/([^/]+)\/sheets\/([^/]+)$/.exec(path);
    if (sheetPath) {
      const [id, sheet] = [decodeURIComponent(sheetPath[1]), decodeURIComponent(sheetPath[2])];
      if (method === 'GET') return reply(res, 200, { values: world.getValues(id, sheet) });
      if (method === 'PUT') {
        world.setValues(id, sheet, valuesBody.parse(await readJson(req)).values as CellValue[][]);
        return reply(res, 200, { values: world.getValues(id, sheet) });
      }
    }
    const accessPath = /^\/spreadsheets\/([^/]+)\/access$/.exec(path);
    if (accessPath && method === 'POST') {
      const { access } = accessBody.parse(await readJson(req));
      world.store.setAccess(decodeURIComponent(accessPath[1]), access === 'allow');
      return reply(res, 200, { access });
    }
    switch (`${method} ${path}`) {
      case 'GET /spreadsheets':
        return reply(res, 200, {
          spreadsheets: world.store.list().map((s) => ({
            spreadsheetId: s.spreadsheetId,
            title: s.title,
            accessible: s.accessible,
            sheets: s.sheets.map((sheet) => ({ title: sheet.title, sheetId: sheet.sheetId, rowCount: sheet.rowCount, columnCount: sheet.columnCount, dataRows: sheet.rows.length })),
          })),
        });
      case 'POST /spreadsheets':
        world.store.load((await readJson(req)) as never);
        return reply(res, 200, { spreadsheets: world.store.list().map((s) => s.spreadsheetId) });
      case 'GET /quota':
        return reply(res, 200, { perMinute: world.quota.limit() });
      case 'POST /quota':
        world.quota.setLimit(quotaBody.parse(await readJson(req)).perMinute);
        return reply(res, 200, { perMinute: world.quota.limit() });
      case 'GET /requests':
        return reply(res, 200, world.quota.stats());
      case 'GET /tokens':
        return reply(res, 200, { grants: world.grants });
      case 'POST /reset':
        world.reset();
        faults.restoreInitial();
        return reply(res, 200, { ok: true });
      default:
        return reply(res, 404, { error: `no control route ${method} ${path}` });
    }
  } catch (err) {
    // Unknown spreadsheets or sheets, malformed JSON, invalid fixtures: the caller's to fix.
    if (err instanceof Error) return replyControlError(res, err);
    throw err;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}
