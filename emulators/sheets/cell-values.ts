/**
 * Cell values as the Sheets API stores and renders them: RAW input is kept as sent,
 * USER_ENTERED input is parsed like typing into the UI (numbers, TRUE/FALSE, a leading `'`
 * forcing text), and reads render FORMATTED_VALUE (strings), UNFORMATTED_VALUE or FORMULA.
 * Formulas are stored but not calculated.
 */

/** A stored cell; null is an empty cell. */
export type CellValue = string | number | boolean | null;

/** How written values are interpreted. */
export type ValueInputOption = 'RAW' | 'USER_ENTERED';

/** How read values are rendered. */
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';

/** What a write does to one cell: leave it (null in the request), clear it, or set it. */
export type CellWrite = { kind: 'skip' } | { kind: 'set'; value: CellValue };

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Interprets one value of a write request. */
export function interpretInput(value: unknown, option: ValueInputOption): CellWrite {
  if (value === null || value === undefined) return { kind: 'skip' };
  if (value === '') return { kind: 'set', value: null };
  if (typeof value === 'number') return { kind: 'set', value: Number.isFinite(value) ? value : null };
  if (typeof value === 'boolean') return { kind: 'set', value };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (option === 'RAW') return { kind: 'set', value: text };
  return { kind: 'set', value: parseUserEntered(text) };
}

/** What typing `text` into a cell stores. */
export function parseUserEntered(text: string): CellValue {
  if (text.startsWith("'")) return text.slice(1);
  const trimmed = text.trim();
  if (/^true$/i.test(trimmed)) return true;
  if (/^false$/i.test(trimmed)) return false;
  if (trimmed !== '' && /\d/.test(trimmed) && NUMBER.test(trimmed)) {
    const n = Number(trimmed.replace(/,/g, ''));
    if (Number.isFinite(n)) return n;
  }
  const percent = /^([+-]?\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent) return Number(percent[1]) / 100;
  return text;
}

/** Renders a stored cell for a read. Empty cells render as '' (and are trimmed by the caller). */
export function renderCell(value: CellValue, option: ValueRenderOption): string | number | boolean {
  if (value === null) return '';
  if (option === 'FORMATTED_VALUE') {
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') return formatNumber(value);
    return value;
  }
  return value;
}

/** Whether a stored cell counts as empty. */
export function isEmpty(value: CellValue | undefined): boolean {
  return value === null || value === undefined || value === '';
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const rounded = Number(n.toPrecision(15));
  return Math.abs(rounded) >= 1e15 || (Math.abs(rounded) < 1e-9 && rounded !== 0) ? rounded.toExponential().replace('e', 'E') : String(rounded);
}
