/**
 * One Sheets emulator's state without its HTTP layer — spreadsheets, quota, issued tokens — and
 * the operations that both the control API and in-process helpers use, so a test in the same
 * process and another process over HTTP see the same thing.
 */
import type { TokenGrant } from './auth';
import type { CellValue } from './cell-values';
import type { SheetsFixture } from './fixture';
import { SheetsQuota } from './quota';
import { normaliseRows, SpreadsheetStore } from './spreadsheet-store';

/** Default quota: Google's 60 requests per minute per user. */
export const DEFAULT_QUOTA_PER_MINUTE = 60;

/** Spreadsheets, quota and token grants of one emulator. */
export class SheetsWorld {
  readonly store: SpreadsheetStore;
  readonly quota: SheetsQuota;
  readonly grants: TokenGrant[] = [];
  /** Scopes of the access tokens `/token` issued, by token. */
  readonly issuedScopes = new Map<string, string>();

  constructor(
    fixture: SheetsFixture = {},
    private readonly initialQuota: number = DEFAULT_QUOTA_PER_MINUTE,
  ) {
    this.store = new SpreadsheetStore(fixture);
    this.quota = new SheetsQuota(initialQuota);
  }

  /**
   * A sheet's stored values, trailing empties trimmed, empty cells as ''. Numbers and booleans
   * stay typed (what USER_ENTERED made of the input), unlike the API's formatted strings.
   */
  getValues(spreadsheetId: string, sheet: string): CellValue[][] {
    const s = this.store.find(spreadsheetId);
    if (!s) throw new Error(`unknown spreadsheet ${spreadsheetId}`);
    const found = s.sheets.find((x) => x.title === sheet);
    if (!found) throw new Error(`spreadsheet ${spreadsheetId} has no sheet "${sheet}"`);
    return found.rows.map((row) => row.map((cell) => (cell === null ? '' : cell)));
  }

  /** Replaces a sheet's values (creating the spreadsheet or sheet if needed); '' and null are empty. */
  setValues(spreadsheetId: string, sheet: string, rows: CellValue[][]): void {
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw new Error('values must be an array of rows');
    const target = this.store.sheetForSeeding(spreadsheetId, sheet);
    target.rows = normaliseRows(rows);
    target.rowCount = Math.max(target.rowCount, rows.length);
    target.columnCount = Math.max(target.columnCount, ...rows.map((r) => r.length));
  }

  /** Back to the fixture, the initial quota, no counts, no grants. */
  reset(): void {
    this.store.reset();
    this.quota.clear();
    this.quota.setLimit(this.initialQuota);
    this.grants.length = 0;
    this.issuedScopes.clear();
  }
}
