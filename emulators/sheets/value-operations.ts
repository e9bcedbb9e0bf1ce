/**
 * Reading and writing cell values the way the Sheets API does: reads clipped to the grid with
 * trailing empty cells and rows trimmed, updates confined to their range and the grid, appends
 * placed after the table found in the range (OVERWRITE or INSERT_ROWS), clears.
 */
import { columnLetters, formatRange, quoteSheetName, type CellBounds } from './a1-notation';
import { interpretInput, isEmpty, renderCell, type CellValue, type CellWrite, type ValueInputOption, type ValueRenderOption } from './cell-values';
import { invalidArgument } from './google-errors';
import type { ResolvedRange, Sheet } from './spreadsheet-store';

/** Rows or columns first, as in the API's `majorDimension`. */
export type MajorDimension = 'ROWS' | 'COLUMNS';

/** The API's ValueRange. */
export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: Array<Array<string | number | boolean>>;
}

/** The API's UpdateValuesResponse. */
export interface UpdateValuesResponse {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows?: number;
  updatedColumns?: number;
  updatedCells?: number;
  updatedData?: ValueRange;
}

/** Reads a range (clipped to the grid). */
export function readValues(target: ResolvedRange, dimension: MajorDimension, render: ValueRenderOption): ValueRange {
  const b = clipToGrid(target);
  const cell = (r: number, c: number): string | number | boolean => renderCell(target.sheet.rows[r]?.[c] ?? null, render);
  const matrix: Array<Array<string | number | boolean>> = [];
  const [outer, inner] = dimension === 'ROWS' ? [[b.startRow, b.endRow], [b.startCol, b.endCol]] : [[b.startCol, b.endCol], [b.startRow, b.endRow]];
  for (let i = outer[0]; i < outer[1]; i += 1) {
    const line: Array<string | number | boolean> = [];
    for (let j = inner[0]; j < inner[1]; j += 1) line.push(dimension === 'ROWS' ? cell(i, j) : cell(j, i));
    while (line.length > 0 && line[line.length - 1] === '') line.pop();
    matrix.push(line);
  }
  while (matrix.length > 0 && matrix[matrix.length - 1].length === 0) matrix.pop();
  return { range: formatRange(target.sheet.title, b), majorDimension: dimension, ...(matrix.length ? { values: matrix } : {}) };
}

/** values.update: writes inside the range and the grid; null cells are left as they are. */
export function updateValues(
  spreadsheetId: string,
  target: ResolvedRange,
  values: unknown,
  dimension: MajorDimension,
  input: ValueInputOption,
): UpdateValuesResponse {
  const grid = toRowMajor(values, dimension, input);
  // A single-cell range is only the top-left corner of the write.
  const { startRow, startCol, endRow, endCol } = target.anchor ? { startRow: target.bounds.startRow, startCol: target.bounds.startCol } : target.bounds;
  const height = grid.length;
  const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
  if (endRow !== undefined && startRow + height > endRow) {
    throw invalidArgument(`Requested writing within range [${describeBounds(target.sheet, target.bounds)}], but tried writing to row [${endRow + 1}]`);
  }
  if (endCol !== undefined && startCol + width > endCol) {
    throw invalidArgument(`Requested writing within range [${describeBounds(target.sheet, target.bounds)}], but tried writing to column [${columnLetters(endCol)}]`);
  }
  if (startRow + height > target.sheet.rowCount || startCol + width > target.sheet.columnCount || startRow >= target.sheet.rowCount || startCol >= target.sheet.columnCount) {
    const row = Math.max(startRow, startRow + height - 1);
    const col = Math.max(startCol, startCol + width - 1);
    throw exceedsGrid(target.sheet, row, col);
  }
  return applyWrites(spreadsheetId, target.sheet, startRow, startCol, grid);
}

/** values.append: finds the table in the range and writes the rows after it. */
export function appendValues(
  spreadsheetId: string,
  target: ResolvedRange,
  values: unknown,
  dimension: MajorDimension,
  input: ValueInputOption,
  insertDataOption: 'OVERWRITE' | 'INSERT_ROWS',
): { spreadsheetId: string; tableRange?: string; updates: UpdateValuesResponse } {
  const grid = toRowMajor(values, dimension, input);
  const sheet = target.sheet;
  // From a single cell, the table is searched for below and to the right of it.
  const searchBounds = target.anchor ? { startRow: target.bounds.startRow, startCol: target.bounds.startCol } : target.bounds;
  const table = findTable(sheet, searchBounds);
  const startRow = table ? table.endRow : target.bounds.startRow;
  const startCol = table ? table.startCol : target.bounds.startCol;
  if (insertDataOption === 'INSERT_ROWS' && grid.length > 0) {
    if (startRow < sheet.rows.length) sheet.rows.splice(startRow, 0, ...grid.map(() => [] as CellValue[]));
    sheet.rowCount += grid.length;
  }
  // Appending grows the grid as needed, as Google does.
  const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
  sheet.rowCount = Math.max(sheet.rowCount, startRow + grid.length);
  sheet.columnCount = Math.max(sheet.columnCount, startCol + width);
  const updates = applyWrites(spreadsheetId, sheet, startRow, startCol, grid);
  return { spreadsheetId, ...(table ? { tableRange: formatRange(sheet.title, table) } : {}), updates };
}

/** values.clear: empties the range (clipped to the grid) and names what was cleared. */
export function clearValues(target: ResolvedRange): string {
  const b = clipToGrid(target);
  for (let r = b.startRow; r < Math.min(b.endRow, target.sheet.rows.length); r += 1) {
    const row = target.sheet.rows[r];
    for (let c = b.startCol; c < Math.min(b.endCol, row.length); c += 1) row[c] = null;
  }
  tidy(target.sheet);
  return formatRange(target.sheet.title, b);
}

/** Bounds of a range with open ends closed at the grid's edge; a start outside the grid fails. */
export function clipToGrid(target: ResolvedRange): Required<CellBounds> {
  const { sheet, bounds } = target;
  if (bounds.startRow >= sheet.rowCount || bounds.startCol >= sheet.columnCount) throw exceedsGrid(sheet, bounds.startRow, bounds.startCol);
  return {
    startRow: bounds.startRow,
    startCol: bounds.startCol,
    endRow: Math.min(bounds.endRow ?? sheet.rowCount, sheet.rowCount),
    endCol: Math.min(bounds.endCol ?? sheet.columnCount, sheet.columnCount),
  };
}

/** The first block of consecutive non-empty rows in the range: what Google calls the table. */
function findTable(sheet: Sheet, bounds: CellBounds): Required<CellBounds> | undefined {
  const lastRow = Math.min(bounds.endRow ?? sheet.rows.length, sheet.rows.length);
  const colEnd = bounds.endCol ?? Number.MAX_SAFE_INTEGER;
  const span = (r: number): [number, number] | undefined => {
    const row = sheet.rows[r] ?? [];
    let first = -1;
    let last = -1;
    for (let c = bounds.startCol; c < Math.min(row.length, colEnd); c += 1) {
      if (!isEmpty(row[c])) {
        if (first === -1) first = c;
        last = c;
      }
    }
    return first === -1 ? undefined : [first, last];
  };
  let r = bounds.startRow;
  while (r < lastRow && !span(r)) r += 1;
  if (r >= lastRow) return undefined;
  const start = r;
  let firstCol = Number.MAX_SAFE_INTEGER;
  let lastCol = -1;
  for (let s = span(r); r < lastRow && s; r += 1, s = span(r)) {
    firstCol = Math.min(firstCol, s[0]);
    lastCol = Math.max(lastCol, s[1]);
  }
  return { startRow: start, endRow: r, startCol: firstCol, endCol: lastCol + 1 };
}

function applyWrites(spreadsheetId: string, sheet: Sheet, startRow: number, startCol: number, grid: CellWrite[][]): UpdateValuesResponse {
  const rowsTouched = new Set<number>();
  const colsTouched = new Set<number>();
  let cells = 0;
  grid.forEach((line, i) =>
    line.forEach((write, j) => {
      if (write.kind === 'skip') return;
      const r = startRow + i;
      const c = startCol + j;
      while (sheet.rows.length <= r) sheet.rows.push([]);
      const row = sheet.rows[r];
      while (row.length <= c) row.push(null);
      row[c] = write.value;
      rowsTouched.add(r);
      colsTouched.add(c);
      cells += 1;
    }),
  );
  tidy(sheet);
  const height = Math.max(1, grid.length);
  const width = Math.max(1, grid.reduce((w, r) => Math.max(w, r.length), 0));
  const updatedRange = formatRange(sheet.title, { startRow, startCol, endRow: startRow + height, endCol: startCol + width });
  if (cells === 0) return { spreadsheetId, updatedRange };
  return { spreadsheetId, updatedRange, updatedRows: rowsTouched.size, updatedColumns: colsTouched.size, updatedCells: cells };
}

/** Request values as row-major writes, validating the `values` shape as Google does. */
function toRowMajor(values: unknown, dimension: MajorDimension, input: ValueInputOption): CellWrite[][] {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw invalidArgument(`Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(values)}`);
  const lines = values.map((line: unknown, i) => {
    if (!Array.isArray(line)) throw invalidArgument(`Invalid values[${i}]: ${JSON.stringify(line)}`);
    return line.map((v: unknown, j) => {
      if (v !== null && typeof v === 'object') throw invalidArgument(`Invalid values[${i}][${j}]: ${JSON.stringify(v)}`);
      return interpretInput(v, input);
    });
  });
  if (dimension === 'ROWS') return lines;
  const height = lines.reduce((h, l) => Math.max(h, l.length), 0);
  return Array.from({ length: height }, (_, r) => lines.map((col) => col[r] ?? ({ kind: 'skip' } as CellWrite)));
}

/** Drops trailing empty cells and rows, so stored data stays the size of what is visible. */
function tidy(sheet: Sheet): void {
  for (const row of sheet.rows) while (row.length > 0 && isEmpty(row[row.length - 1])) row.pop();
  while (sheet.rows.length > 0 && sheet.rows[sheet.rows.length - 1].length === 0) sheet.rows.pop();
}

function exceedsGrid(sheet: Sheet, row: number, col: number) {
  return invalidArgument(
    `Range ('${sheet.title.replace(/'/g, "''")}'!${columnLetters(col)}${row + 1}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
  );
}

/** A range as written in Google's error messages, open ends included (`'Sheet1'!A2:D`). */
function describeBounds(sheet: Sheet, b: CellBounds): string {
  const start = `${columnLetters(b.startCol)}${b.startRow + 1}`;
  const end = `${b.endCol !== undefined ? columnLetters(b.endCol - 1) : ''}${b.endRow !== undefined ? b.endRow : ''}`;
  return `${quoteSheetName(sheet.title)}!${start}:${end}`;
}
