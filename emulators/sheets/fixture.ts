/**
 * The JSON fixture spreadsheets are seeded from: `{ "<spreadsheetId>": { "title", "sheets":
 * { "Channels": [[...], ...] } } }`. Validated with messages that name the bad entry, so a
 * broken fixture fails at start-up rather than as odd test results.
 */
import { readFileSync } from 'node:fs';
import { z, ZodError } from 'zod';

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const rows = z.array(z.array(cell));

/** One sheet: its rows, or its rows plus an explicit grid size. */
export const sheetFixtureSchema = z.union([
  rows,
  z
    .object({
      rows,
      rowCount: z.number().int().positive().optional(),
      columnCount: z.number().int().positive().max(18_278).optional(),
    })
    .strict(),
]);

/** One spreadsheet: title and sheets in tab order. */
export const spreadsheetFixtureSchema = z
  .object({
    title: z.string().min(1).optional(),
    locale: z.string().optional(),
    timeZone: z.string().optional(),
    sheets: z.record(z.string().min(1).max(100), sheetFixtureSchema),
  })
  .strict();

/** Spreadsheets by id. */
export const sheetsFixtureSchema = z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'spreadsheet ids are letters, digits, - and _'), spreadsheetFixtureSchema);

/** Spreadsheets by id, as written in a fixture file. */
export type SheetsFixture = z.input<typeof sheetsFixtureSchema>;
/** One spreadsheet of a fixture. */
export type SpreadsheetFixture = z.input<typeof spreadsheetFixtureSchema>;

/** Validates a fixture object; throws an Error listing every problem. */
export function parseSheetsFixture(value: unknown): SheetsFixture {
  try {
    return sheetsFixtureSchema.parse(value);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new Error(`invalid Sheets fixture: ${err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    throw err;
  }
}

/** Reads and validates a fixture file (for `npm run emulators` and tests). */
export function readSheetsFixture(path: string): SheetsFixture {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read Sheets fixture ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSheetsFixture(json);
}
