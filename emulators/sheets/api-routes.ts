/**
 * The Sheets v4 endpoints googleapis calls (`/v4/spreadsheets/...`): spreadsheets.get and
 * batchUpdate (addSheet), values.get/batchGet/update/append/batchUpdate/clear/batchClear.
 * Each route says whether it reads or writes, because quota messages and API-key rules differ.
 */
import { renderCell, type ValueInputOption, type ValueRenderOption } from './cell-values';
import { GoogleApiError, invalidArgument } from './google-errors';
import type { Sheet, Spreadsheet, SpreadsheetStore } from './spreadsheet-store';
import { appendValues, clearValues, readValues, updateValues, type MajorDimension, type UpdateValuesResponse } from './value-operations';

/** A matched endpoint, ready to run with the request body. */
export interface SheetsRoute {
  name: string;
  access: 'read' | 'write';
  run(body: unknown): unknown;
}

/** Matches a request to an endpoint; undefined when there is none (Google answers 404). */
export function matchSheetsRoute(method: string, pathname: string, query: URLSearchParams, store: SpreadsheetStore): SheetsRoute | undefined {
  let m = /^\/v4\/spreadsheets\/([^/:]+)$/.exec(pathname);
  if (m && method === 'GET') {
    const id = decode(m[1]);
    return { name: 'spreadsheets.get', access: 'read', run: () => getSpreadsheet(store.open(id), query, store) };
  }
  m = /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/.exec(pathname);
  if (m && method === 'POST') {
    const id = decode(m[1]);
    return { name: 'spreadsheets.batchUpdate', access: 'write', run: (body) => batchUpdateSpreadsheet(store.open(id), body) };
  }
  m = /^\/v4\/spreadsheets\/([^/:]+)\/values:(batchGet|batchUpdate|batchClear)$/.exec(pathname);
  if (m) {
    const id = decode(m[1]);
    if (m[2] === 'batchGet' && method === 'GET') {
      return { name: 'values.batchGet', access: 'read', run: () => batchGet(store, store.open(id), query) };
    }
    if (m[2] === 'batchUpdate' && method === 'POST') {
      return { name: 'values.batchUpdate', access: 'write', run: (body) => batchUpdateValues(store, store.open(id), body) };
    }
    if (m[2] === 'batchClear' && method === 'POST') {
      return { name: 'values.batchClear', access: 'write', run: (body) => batchClear(store, store.open(id), body) };
    }
    return undefined;
  }
  m = /^\/v4\/spreadsheets\/([^/:]+)\/values\/(.+?)(?::(append|clear))?$/.exec(pathname);
  if (!m) return undefined;
  const id = decode(m[1]);
  const range = decode(m[2]);
  const verb = m[3];
  if (verb === undefined && method === 'GET') {
    return {
      name: 'values.get',
      access: 'read',
      run: () => readValues(store.resolve(store.open(id), range), dimensionParam(query.get('majorDimension')), renderParam(query.get('valueRenderOption'))),
    };
  }
  if (verb === undefined && method === 'PUT') {
    return { name: 'values.update', access: 'write', run: (body) => update(store, store.open(id), range, body, query) };
  }
  if (verb === 'append' && method === 'POST') {
    return { name: 'values.append', access: 'write', run: (body) => append(store, store.open(id), range, body, query) };
  }
  if (verb === 'clear' && method === 'POST') {
    return {
      name: 'values.clear',
      access: 'write',
      run: () => ({ spreadsheetId: id, clearedRange: clearValues(store.resolve(store.open(id), range)) }),
    };
  }
  return undefined;
}

function getSpreadsheet(s: Spreadsheet, query: URLSearchParams, store: SpreadsheetStore): unknown {
  const withData = query.get('includeGridData') === 'true';
  const ranges = query.getAll('ranges');
  const wanted = ranges.length > 0 ? new Set(ranges.map((r) => store.resolve(s, r).sheet)) : undefined;
  return {
    spreadsheetId: s.spreadsheetId,
    properties: { title: s.title, locale: s.locale, autoRecalc: 'ON_CHANGE', timeZone: s.timeZone },
    sheets: s.sheets.filter((sheet) => !wanted || wanted.has(sheet)).map((sheet) => ({
      properties: sheetProperties(sheet),
      ...(withData ? { data: [gridData(sheet)] } : {}),
    })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${s.spreadsheetId}/edit`,
  };
}

function sheetProperties(sheet: Sheet) {
  return { sheetId: sheet.sheetId, title: sheet.title, index: sheet.index, sheetType: 'GRID', gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount } };
}

function gridData(sheet: Sheet) {
  return {
    rowData: sheet.rows.map((row) => ({
      values: row.map((cell) => {
        if (cell === null) return {};
        const typed = typeof cell === 'number' ? { numberValue: cell } : typeof cell === 'boolean' ? { boolValue: cell } : { stringValue: cell };
        return { userEnteredValue: typed, effectiveValue: typed, formattedValue: renderCell(cell, 'FORMATTED_VALUE') };
      }),
    })),
  };
}

/** spreadsheets.batchUpdate: only `addSheet` (creating a missing tab) is emulated. */
function batchUpdateSpreadsheet(s: Spreadsheet, body: unknown): unknown {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('Must specify at least one request.');
  const replies = requests.map((request: unknown, i) => {
    const add = (request as { addSheet?: { properties?: { title?: string; gridProperties?: { rowCount?: number; columnCount?: number } } } }).addSheet;
    if (!add) throw invalidArgument(`Invalid requests[${i}]: only addSheet is supported by the emulator`);
    const title = add.properties?.title ?? `Sheet${s.sheets.length + 1}`;
    if (s.sheets.some((x) => x.title.toLowerCase() === title.toLowerCase())) {
      throw invalidArgument(`Invalid requests[${i}].addSheet: A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    const sheet: Sheet = {
      sheetId: 1_000_000_000 + s.sheets.length * 7_919,
      title,
      index: s.sheets.length,
      rowCount: add.properties?.gridProperties?.rowCount ?? 1000,
      columnCount: add.properties?.gridProperties?.columnCount ?? 26,
      rows: [],
    };
    s.sheets.push(sheet);
    return { addSheet: { properties: sheetProperties(sheet) } };
  });
  return { spreadsheetId: s.spreadsheetId, replies };
}

function batchGet(store: SpreadsheetStore, s: Spreadsheet, query: URLSearchParams): unknown {
  const dimension = dimensionParam(query.get('majorDimension'));
  const render = renderParam(query.get('valueRenderOption'));
  const ranges = query.getAll('ranges');
  return {
    spreadsheetId: s.spreadsheetId,
    ...(ranges.length ? { valueRanges: ranges.map((r) => readValues(store.resolve(s, r), dimension, render)) } : {}),
  };
}

interface ValueRangeBody {
  range?: string;
  majorDimension?: string;
  values?: unknown;
}

function update(store: SpreadsheetStore, s: Spreadsheet, range: string, body: unknown, query: URLSearchParams): UpdateValuesResponse {
  const input = inputParam(query.get('valueInputOption'));
  const vr = (body ?? {}) as ValueRangeBody;
  const target = store.resolve(s, range);
  if (vr.range !== undefined && !sameTarget(store, s, vr.range, target)) {
    throw invalidArgument(`Requested writing within range [${range}], but the ValueRange names [${vr.range}]`);
  }
  const result = updateValues(s.spreadsheetId, target, vr.values, dimensionParam(vr.majorDimension ?? null), input);
  return withUpdatedData(store, s, result, query);
}

function append(store: SpreadsheetStore, s: Spreadsheet, range: string, body: unknown, query: URLSearchParams): unknown {
  const input = inputParam(query.get('valueInputOption'));
  const insert = query.get('insertDataOption') ?? 'OVERWRITE';
  if (insert !== 'OVERWRITE' && insert !== 'INSERT_ROWS') {
    throw invalidArgument(`Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.InsertDataOption), "${insert}"`);
  }
  const vr = (body ?? {}) as ValueRangeBody;
  const result = appendValues(s.spreadsheetId, store.resolve(s, range), vr.values, dimensionParam(vr.majorDimension ?? null), input, insert);
  return { ...result, updates: withUpdatedData(store, s, result.updates, query) };
}

function batchUpdateValues(store: SpreadsheetStore, s: Spreadsheet, body: unknown): unknown {
  const b = (body ?? {}) as { valueInputOption?: string; data?: unknown; includeValuesInResponse?: boolean; responseValueRenderOption?: string };
  const input = inputParam(b.valueInputOption ?? null);
  if (!Array.isArray(b.data)) throw invalidArgument("Invalid value at 'data', expected a list of ValueRange");
  const snapshot = structuredClone(s.sheets.map((sheet) => ({ rows: sheet.rows, rowCount: sheet.rowCount, columnCount: sheet.columnCount })));
  try {
    // All or nothing: a failing ValueRange leaves the spreadsheet as it was.
    const responses = (b.data as ValueRangeBody[]).map((vr, i) => {
      if (typeof vr?.range !== 'string') throw invalidArgument(`Invalid data[${i}]: range is required`);
      const result = updateValues(s.spreadsheetId, store.resolve(s, vr.range), vr.values, dimensionParam(vr.majorDimension ?? null), input);
      if (!b.includeValuesInResponse) return result;
      return { ...result, updatedData: readValues(store.resolve(s, result.updatedRange), 'ROWS', renderParam(b.responseValueRenderOption ?? null)) };
    });
    const sheetsTouched = new Set(responses.filter((r) => r.updatedCells).map((r) => r.updatedRange.replace(/!.*$/, '')));
    return {
      spreadsheetId: s.spreadsheetId,
      totalUpdatedRows: responses.reduce((n, r) => n + (r.updatedRows ?? 0), 0),
      totalUpdatedColumns: responses.reduce((n, r) => n + (r.updatedColumns ?? 0), 0),
      totalUpdatedCells: responses.reduce((n, r) => n + (r.updatedCells ?? 0), 0),
      totalUpdatedSheets: sheetsTouched.size,
      responses,
    };
  } catch (err) {
    s.sheets.forEach((sheet, i) => Object.assign(sheet, snapshot[i]));
    throw err;
  }
}

function batchClear(store: SpreadsheetStore, s: Spreadsheet, body: unknown): unknown {
  const ranges = (body as { ranges?: unknown } | undefined)?.ranges;
  if (!Array.isArray(ranges) || !ranges.every((r) => typeof r === 'string')) throw invalidArgument("Invalid value at 'ranges'");
  const targets = (ranges as string[]).map((r) => store.resolve(s, r));
  return { spreadsheetId: s.spreadsheetId, clearedRanges: targets.map((t) => clearValues(t)) };
}

function withUpdatedData(store: SpreadsheetStore, s: Spreadsheet, result: UpdateValuesResponse, query: URLSearchParams): UpdateValuesResponse {
  if (query.get('includeValuesInResponse') !== 'true') return result;
  const render = renderParam(query.get('responseValueRenderOption'));
  return { ...result, updatedData: readValues(store.resolve(s, result.updatedRange), 'ROWS', render) };
}

function sameTarget(store: SpreadsheetStore, s: Spreadsheet, range: string, target: ReturnType<SpreadsheetStore['resolve']>): boolean {
  const other = store.resolve(s, range);
  return other.sheet === target.sheet && JSON.stringify(other.bounds) === JSON.stringify(target.bounds);
}

function dimensionParam(value: string | null): MajorDimension {
  if (value === null || value === '' || value === 'ROWS' || value === 'DIMENSION_UNSPECIFIED') return 'ROWS';
  if (value === 'COLUMNS') return 'COLUMNS';
  throw invalidArgument(`Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), "${value}"`);
}

function renderParam(value: string | null): ValueRenderOption {
  if (value === null || value === '') return 'FORMATTED_VALUE';
  if (value === 'FORMATTED_VALUE' || value === 'UNFORMATTED_VALUE' || value === 'FORMULA') return value;
  throw invalidArgument(`Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "${value}"`);
}

function inputParam(value: string | null): ValueInputOption {
  if (value === null || value === '' || value === 'INPUT_VALUE_OPTION_UNSPECIFIED') {
    throw invalidArgument("'valueInputOption' is required but not specified");
  }
  if (value === 'RAW' || value === 'USER_ENTERED') return value;
  throw invalidArgument(`Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${value}"`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GoogleApiError(400, `Unable to parse range: ${segment}`);
  }
}
