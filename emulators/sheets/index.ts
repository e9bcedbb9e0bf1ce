/**
 * Local emulator of the Google Sheets v4 API (plus an OAuth token endpoint), for tests and for
 * running the product without Google credentials: the real googleapis client talks to it.
 */
export { startSheetsEmulator, type SheetsEmulator, type SheetsEmulatorOptions } from './server';
export { SheetsControlClient } from './control-client';
export { sheetsClientForEmulator, sheetsEmulatorOptions, type SheetsAuth } from './emulator-client';
export { SheetsWorld, DEFAULT_QUOTA_PER_MINUTE } from './sheets-world';
export { parseSheetsFixture, readSheetsFixture, sheetsFixtureSchema, type SheetsFixture, type SpreadsheetFixture } from './fixture';
export { parseA1, formatRange, columnIndex, columnLetters, quoteSheetName, type A1Range, type CellBounds } from './a1-notation';
export { GoogleApiError, type GoogleErrorBody } from './google-errors';
export type { CellValue, ValueInputOption, ValueRenderOption } from './cell-values';
export type { RequestStats } from './quota';
export type { TokenGrant } from './auth';
