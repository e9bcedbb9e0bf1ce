/**
 * In-memory spreadsheets seeded from a fixture: sheets with grid sizes, cells, and whether the
 * caller may open each spreadsheet. Held per emulator instance; `reset()` reseeds.
 */
import { parseA1, type CellBounds } from './a1-notation';
import type { CellValue } from './cell-values';
import { permissionDenied, spreadsheetNotFound, unparsableRange } from './google-errors';
import { parseSheetsFixture, type SheetsFixture, type SpreadsheetFixture } from './fixture';

/** One tab of a spreadsheet. */
export interface Sheet {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  /** Rows of cells; missing rows or cells are empty. */
  rows: CellValue[][];
}

/** One spreadsheet. */
export interface Spreadsheet {
  spreadsheetId: string;
  title: string;
  locale: string;
  timeZone: string;
  sheets: Sheet[];
  /** False: every API call on it answers 403, as for a file not shared with the caller. */
  accessible: boolean;
}

/** A range resolved against a spreadsheet: its sheet and 0-based bounds (ends exclusive). */
export interface ResolvedRange {
  sheet: Sheet;
  bounds: CellBounds;
  /** A single cell: writes start there and extend as far as the data goes. */
  anchor: boolean;
}

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

/** All spreadsheets of one emulator. */
export class SpreadsheetStore {
  private readonly spreadsheets = new Map<string, Spreadsheet>();

  constructor(private readonly fixture: SheetsFixture = {}) {
    this.reset();
  }

  /** Back to the fixture: its spreadsheets only, all accessible. */
  reset(): void {
    this.spreadsheets.clear();
    this.load(parseSheetsFixture(this.fixture));
  }

  /** Adds or replaces spreadsheets from a fixture object. */
  load(fixture: SheetsFixture): void {
    for (const [id, spec] of Object.entries(parseSheetsFixture(fixture))) this.spreadsheets.set(id, build(id, spec));
  }

  list(): Spreadsheet[] {
    return [...this.spreadsheets.values()];
  }

  /** A spreadsheet the caller may open, else Google's 404 or 403. */
  open(spreadsheetId: string): Spreadsheet {
    const s = this.spreadsheets.get(spreadsheetId);
    if (!s) throw spreadsheetNotFound();
    if (!s.accessible) throw permissionDenied();
    return s;
  }

  /** Any spreadsheet, regardless of access (control API). */
  find(spreadsheetId: string): Spreadsheet | undefined {
    return this.spreadsheets.get(spreadsheetId);
  }

  setAccess(spreadsheetId: string, accessible: boolean): void {
    const s = this.spreadsheets.get(spreadsheetId);
    if (!s) throw new Error(`unknown spreadsheet ${spreadsheetId}`);
    s.accessible = accessible;
  }

  /** A sheet by title, created (with its spreadsheet) when missing: for seeding from tests. */
  sheetForSeeding(spreadsheetId: string, title: string): Sheet {
    let s = this.spreadsheets.get(spreadsheetId);
    if (!s) {
      s = build(spreadsheetId, { sheets: {} });
      this.spreadsheets.set(spreadsheetId, s);
    }
    let sheet = s.sheets.find((x) => x.title === title);
    if (!sheet) {
      sheet = newSheet(s, title, []);
      s.sheets.push(sheet);
    }
    return sheet;
  }

  /** Resolves A1 notation against a spreadsheet, or fails with Google's "Unable to parse range". */
  resolve(spreadsheet: Spreadsheet, range: string): ResolvedRange {
    const parsed = parseA1(range);
    if (!parsed) throw unparsableRange(range);
    if (parsed.ambiguous) {
      // Without `!`, a sheet of that name wins over reading the text as cells of the first sheet.
      const named = spreadsheet.sheets.find((s) => s.title === range.trim());
      if (named) return { sheet: named, bounds: { startRow: 0, startCol: 0 }, anchor: false };
      if (!parsed.cells) throw unparsableRange(range);
      const first = spreadsheet.sheets[0];
      if (!first) throw unparsableRange(range);
      return { sheet: first, bounds: parsed.cells, anchor: parsed.singleCell };
    }
    const sheet = spreadsheet.sheets.find((s) => s.title === parsed.sheet);
    if (!sheet) throw unparsableRange(range);
    return { sheet, bounds: parsed.cells ?? { startRow: 0, startCol: 0 }, anchor: parsed.singleCell };
  }
}

function build(id: string, spec: SpreadsheetFixture): Spreadsheet {
  const spreadsheet: Spreadsheet = {
    spreadsheetId: id,
    title: spec.title ?? id,
    locale: spec.locale ?? 'en_US',
    timeZone: spec.timeZone ?? 'Etc/GMT',
    sheets: [],
    accessible: true,
  };
  for (const [title, sheetSpec] of Object.entries(spec.sheets)) {
    const rows = Array.isArray(sheetSpec) ? sheetSpec : sheetSpec.rows;
    const sheet = newSheet(spreadsheet, title, rows);
    if (!Array.isArray(sheetSpec)) {
      // An explicit grid size may be smaller than the default (but never than the data).
      if (sheetSpec.rowCount) sheet.rowCount = Math.max(sheetSpec.rowCount, rows.length);
      if (sheetSpec.columnCount) sheet.columnCount = Math.max(sheetSpec.columnCount, widest(rows));
    }
    spreadsheet.sheets.push(sheet);
  }
  if (spreadsheet.sheets.length === 0) spreadsheet.sheets.push(newSheet(spreadsheet, 'Sheet1', []));
  return spreadsheet;
}

function newSheet(spreadsheet: Spreadsheet, title: string, rows: CellValue[][]): Sheet {
  const index = spreadsheet.sheets.length;
  return {
    // Google gives the first tab id 0 and later tabs large arbitrary ids.
    sheetId: index === 0 ? 0 : 1_000_000_000 + index * 7_919,
    title,
    index,
    rowCount: Math.max(DEFAULT_ROWS, rows.length),
    columnCount: Math.max(DEFAULT_COLUMNS, widest(rows)),
    rows: normaliseRows(rows),
  };
}

/** Rows as stored: '' and undefined are empty (null), trailing empty cells and rows dropped. */
export function normaliseRows(rows: ReadonlyArray<ReadonlyArray<CellValue | undefined>>): CellValue[][] {
  const out = rows.map((r) => r.map((c) => (c === '' || c === undefined ? null : c)));
  for (const row of out) while (row.length > 0 && row[row.length - 1] === null) row.pop();
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}

function widest(rows: CellValue[][]): number {
  return rows.reduce((max, r) => Math.max(max, r.length), 0);
}
