/**
 * A1 notation as the Sheets API reads and writes it: `Sheet1!A1:D10`, whole columns `A:D`, whole
 * rows `2:5`, open ranges `A2:D`, a sheet name alone, and quoted names (`'My Sheet'!A1`, with
 * `''` for a quote). Ranges in responses are written back the way Google writes them.
 */

/** The cell part of a range, 0-based; an absent end means "to the edge of the grid". */
export interface CellBounds {
  startRow: number;
  startCol: number;
  /** Exclusive. */
  endRow?: number;
  /** Exclusive. */
  endCol?: number;
}

/** A parsed range: a sheet name (absent: the first sheet) and cells (absent: the whole sheet). */
export interface A1Range {
  sheet?: string;
  cells?: CellBounds;
  /** True for one cell (`A1`): writes treat it as the top-left corner, not as a limit. */
  singleCell: boolean;
  /** True when the text had no `!` and could also be a sheet name. */
  ambiguous: boolean;
}

const MAX_COLUMNS = 18_278; // ZZZ
const MAX_ROWS = 10_000_000;

/** Parses A1 notation; undefined when it is not A1 notation at all. */
export function parseA1(text: string): A1Range | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (s.startsWith("'")) {
    const quoted = readQuotedName(s);
    if (!quoted) return undefined;
    const rest = s.slice(quoted.length);
    if (rest === '') return { sheet: quoted.name, singleCell: false, ambiguous: false };
    if (!rest.startsWith('!')) return undefined;
    const cells = parseCells(rest.slice(1));
    return cells ? { sheet: quoted.name, cells, singleCell: isSingleCell(rest.slice(1)), ambiguous: false } : undefined;
  }
  const bang = s.lastIndexOf('!');
  if (bang !== -1) {
    const sheet = s.slice(0, bang);
    const cells = parseCells(s.slice(bang + 1));
    return sheet !== '' && cells ? { sheet, cells, singleCell: isSingleCell(s.slice(bang + 1)), ambiguous: false } : undefined;
  }
  const cells = parseCells(s);
  return cells ? { cells, singleCell: isSingleCell(s), ambiguous: true } : { sheet: s, singleCell: false, ambiguous: true };
}

function isSingleCell(cells: string): boolean {
  return /^[A-Za-z]{1,3}[0-9]+$/.test(cells.trim());
}

/** Column letters (A, Z, AA, ...) to a 0-based index. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0-based column index to letters. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A sheet name as Google writes it in ranges: bare when it is a plain word, else quoted. */
export function quoteSheetName(name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && !/^[Rr][0-9]*[Cc][0-9]*$/.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Writes a bounded block as `Sheet!A1:D10` (a single cell as `Sheet!A1`). */
export function formatRange(sheet: string, bounds: Required<CellBounds>): string {
  const start = `${columnLetters(bounds.startCol)}${bounds.startRow + 1}`;
  const end = `${columnLetters(bounds.endCol - 1)}${bounds.endRow}`;
  const cells = bounds.endRow - bounds.startRow === 1 && bounds.endCol - bounds.startCol === 1 ? start : `${start}:${end}`;
  return `${quoteSheetName(sheet)}!${cells}`;
}

function readQuotedName(s: string): { name: string; length: number } | undefined {
  let name = '';
  let i = 1;
  while (i < s.length) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") {
        name += "'";
        i += 2;
        continue;
      }
      return name === '' ? undefined : { name, length: i + 1 };
    }
    name += s[i];
    i += 1;
  }
  return undefined;
}

function parseCells(text: string): CellBounds | undefined {
  const m = /^([A-Za-z]{0,3})([0-9]*)(?::([A-Za-z]{0,3})([0-9]*))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, c1, r1, c2, r2] = m;
  if (c1 === '' && r1 === '') return undefined;
  const hasEnd = c2 !== undefined;
  if (hasEnd && c2 === '' && r2 === '') return undefined;
  if (!hasEnd && (c1 === '' || r1 === '')) return undefined; // "A" or "5" alone is not a range
  const row = (digits: string): number | undefined => {
    if (digits === '') return undefined;
    const n = Number(digits);
    return n >= 1 && n <= MAX_ROWS ? n : NaN;
  };
  const startRowNumber = row(r1);
  const endRowNumber = hasEnd ? row(r2) : startRowNumber;
  if (Number.isNaN(startRowNumber) || Number.isNaN(endRowNumber)) return undefined;
  const startCol = c1 === '' ? 0 : columnIndex(c1);
  const endColLetters = hasEnd ? c2 : c1;
  const endCol = endColLetters === '' ? undefined : columnIndex(endColLetters) + 1;
  if (startCol >= MAX_COLUMNS || (endCol ?? 0) > MAX_COLUMNS) return undefined;
  // Whole rows ("2:5") start at column A; whole columns ("A:D") at row 1.
  let bounds: CellBounds = {
    startRow: startRowNumber === undefined ? 0 : startRowNumber - 1,
    startCol,
    ...(endRowNumber !== undefined ? { endRow: endRowNumber } : {}),
    ...(endCol !== undefined ? { endCol } : {}),
  };
  if (c1 === '' && endCol !== undefined) return undefined; // "1:B5" mixes a row with a cell
  bounds = normalise(bounds);
  return bounds;
}

/** Google accepts reversed corners (B2:A1) and reads them as A1:B2. */
function normalise(b: CellBounds): CellBounds {
  const out: CellBounds = { ...b };
  if (b.endRow !== undefined && b.endRow - 1 < b.startRow) {
    out.startRow = b.endRow - 1;
    out.endRow = b.startRow + 1;
  }
  if (b.endCol !== undefined && b.endCol - 1 < b.startCol) {
    out.startCol = b.endCol - 1;
    out.endCol = b.startCol + 1;
  }
  return out;
}
