/**
 * Makes a retried append safe. When an append's answer is lost (timeout, dropped connection)
 * the rows may be in the sheet already; before appending again, the retry compares the sheet's
 * last rows with the batch and appends only what is missing, so no event is written twice. Pure.
 */
import type { SheetCell } from '../../common/sheets';

/** A row as text cells without trailing empties: how it reads back from Sheets. */
function canonical(row: readonly unknown[]): string[] {
  const cells = row.map((c) => (c === null || c === undefined ? '' : typeof c === 'boolean' ? (c ? 'TRUE' : 'FALSE') : String(c)));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  const x = canonical(a);
  const y = canonical(b);
  return x.length === y.length && x.every((cell, i) => cell === y[i]);
}

/**
 * How many of the batch's first rows are already the sheet's last rows (0 when none). The
 * header row is never part of an overlap.
 */
export function appendedOverlap(sheetRows: readonly (readonly unknown[])[], batch: readonly SheetCell[][]): number {
  const dataRows = sheetRows.slice(1);
  for (let m = Math.min(batch.length, dataRows.length); m > 0; m -= 1) {
    const tail = dataRows.slice(dataRows.length - m);
    if (tail.every((row, i) => sameRow(row, batch[i]))) return m;
  }
  return 0;
}
