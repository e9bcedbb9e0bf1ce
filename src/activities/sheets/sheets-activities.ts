/**
 * Google Sheets calls, on the `sheets` queue. Each activity makes one Sheets request (a retried
 * append makes two), so the queue's server-enforced rate, SHEETS_RATE_PER_MINUTE, is a rate of
 * requests and stays under Google's 60 per minute per service account. Errors are converted in
 * `google-failures.ts`; rows are parsed in `sheet-rows.ts`.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { sheets_v4 } from 'googleapis/build/src/apis/sheets';
import type { OwnedSheet, SheetCell } from '../../common/sheets';
import { SHEETS_FAILURE } from '../../common/failure-types';
import type { Store } from '../../db';
import { appendedOverlap } from './append-overlap';
import type { BackoffPolicy } from '../backoff';
import { DEFAULT_SHEETS_BACKOFF, isMissingSheetError, isSheetExistsError, toSheetsFailure } from './google-failures';
import { CHANNELS_LAYOUT, OWNED_LAYOUTS, SUBSCRIBERS_LAYOUT, layoutRange, normaliseHeader, quotedSheet } from './sheet-layouts';
import { cellText } from './sheet-cells';
import { parseChannelsSheet, parseSubscribersSheet, type ChannelEntry, type ParsedSheet, type SubscriberEntry } from './sheet-rows';
import type { SheetsConnection } from './sheets-client';

/** What the Sheets activities and the database side of the sync need. */
export interface SheetsActivityDeps {
  connection: SheetsConnection;
  store: Pick<Store, 'listActiveChannels' | 'replaceChannels' | 'getSubscriber' | 'replaceSubscribers' | 'figures' | 'pendingEvents' | 'markEventsExported'>;
  /** The operators' time zone (SCHEDULE_TIMEZONE): dates in the sheets mean its days. */
  timeZone: string;
  /** Retry spacing for quota, server and network errors (default 5 s doubling to 1 min). */
  backoff?: BackoffPolicy;
}

/** A read sheet: parsed rows, skipped rows, and whether the tab exists at all. */
export type ReadSheet<E, K> = ParsedSheet<E, K> & { sheetMissing: boolean };

/** The Channels sheet as read. */
export type ChannelsSheet = ReadSheet<ChannelEntry, string>;
/** The Subscribers sheet as read. */
export type SubscribersSheet = ReadSheet<SubscriberEntry, number>;

/** A written sheet's state: absent, without its header row, or ready (with the period's row, if asked). */
export interface OwnedSheetState {
  state: 'missing' | 'empty' | 'ready';
  /** Row number of the row whose first cell is the key looked for. */
  row?: number;
}

/** Rows an append placed (row numbers as in Google Sheets). */
export interface AppendResult {
  appended: number;
  /** Rows of the batch a lost answer had already put in the sheet (found on retry). */
  alreadyThere: number;
  lastRow: number;
}

type Values = unknown[][];

/** Row number of the last row of an A1 range such as `Events!A12:E211`. */
function lastRowOf(range: string | null | undefined): number | undefined {
  const m = /!\$?[A-Z]*\$?(\d+)(?::\$?[A-Z]*\$?(\d+))?$/.exec(range ?? '');
  return m ? Number(m[2] ?? m[1]) : undefined;
}

/** The Sheets activities over one client and spreadsheet, built once per worker process. */
export function createSheetsActivities({ connection, timeZone, backoff = DEFAULT_SHEETS_BACKOFF }: Pick<SheetsActivityDeps, 'connection' | 'timeZone' | 'backoff'>) {
  const { sheets, spreadsheetId, serviceAccountEmail } = connection;

  /** Runs one Sheets request; failures leave as Temporal failures. */
  async function call<T>(range: string, request: (api: sheets_v4.Sheets) => Promise<T>): Promise<T> {
    try {
      return await request(sheets);
    } catch (err) {
      throw toSheetsFailure(err, Context.current().info.attempt, backoff, { spreadsheetId, serviceAccountEmail, range });
    }
  }

  /** Values of a range, unformatted (numbers, booleans; dates as serial numbers); undefined if the tab is missing. */
  async function readValues(range: string): Promise<Values | undefined> {
    try {
      const { data } = await sheets.spreadsheets.values.get({
        spreadsheetId,
        range,
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      });
      return (data.values ?? []) as Values;
    } catch (err) {
      if (isMissingSheetError(err)) return undefined;
      throw toSheetsFailure(err, Context.current().info.attempt, backoff, { spreadsheetId, serviceAccountEmail, range });
    }
  }

  /** Fails unless the header row is the layout's (extra columns to the right are fine). */
  function checkHeader(sheet: OwnedSheet, header: unknown[]): void {
    const layout = OWNED_LAYOUTS[sheet];
    const found = layout.columns.map((_, i) => normaliseHeader(header[i]));
    if (found.every((text, i) => text === normaliseHeader(layout.columns[i]))) return;
    throw ApplicationFailure.create({
      type: SHEETS_FAILURE.layoutInvalid,
      nonRetryable: true,
      message:
        `the ${layout.title} sheet's header row is ${JSON.stringify(header.map(cellText))}, but Cars Bot writes ` +
        `${JSON.stringify(layout.columns)}: fix the header, or rename that sheet and Cars Bot creates its own`,
    });
  }

  return {
    /** Reads the Channels sheet: valid rows, and skipped rows with their row numbers. */
    async readChannelsSheet(): Promise<ChannelsSheet> {
      const values = await readValues(quotedSheet(CHANNELS_LAYOUT.title));
      if (values === undefined) return { entries: [], skipped: [], sheetMissing: true };
      return { ...parseChannelsSheet(values), sheetMissing: false };
    },

    /** Reads the Subscribers sheet; dates are read in the operators' time zone. */
    async readSubscribersSheet(): Promise<SubscribersSheet> {
      const values = await readValues(quotedSheet(SUBSCRIBERS_LAYOUT.title));
      if (values === undefined) return { entries: [], skipped: [], sheetMissing: true };
      return { ...parseSubscribersSheet(values, timeZone), sheetMissing: false };
    },

    /**
     * Checks a sheet the service writes: does it exist, has it our header, and (with `key`) in
     * which row is the key in the first column. A foreign header fails: writing our columns
     * under someone else's would garble their sheet.
     */
    async inspectOwnedSheet(sheet: OwnedSheet, key?: string): Promise<OwnedSheetState> {
      const layout = OWNED_LAYOUTS[sheet];
      const values = await readValues(key === undefined ? layoutRange(layout, 1, 1) : layoutRange(layout));
      if (values === undefined) return { state: 'missing' };
      const header = values[0] ?? [];
      if (header.every((cell) => cellText(cell) === '')) return { state: 'empty' };
      checkHeader(sheet, header);
      if (key === undefined) return { state: 'ready' };
      const index = values.findIndex((row, i) => i > 0 && cellText(row[0]) === key);
      return index === -1 ? { state: 'ready' } : { state: 'ready', row: index + 1 };
    },

    /** Adds the sheet's tab; a tab of that name already there (a retry after a lost answer) is fine. */
    async addOwnedSheet(sheet: OwnedSheet): Promise<void> {
      const { title } = OWNED_LAYOUTS[sheet];
      try {
        await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title } } }] } });
      } catch (err) {
        if (isSheetExistsError(err)) return;
        throw toSheetsFailure(err, Context.current().info.attempt, backoff, { spreadsheetId, serviceAccountEmail, range: quotedSheet(title) });
      }
    },

    /** Writes the header row (row 1); idempotent. */
    async writeOwnedHeader(sheet: OwnedSheet): Promise<void> {
      const layout = OWNED_LAYOUTS[sheet];
      const range = layoutRange(layout, 1, 1);
      await call(range, (api) => api.spreadsheets.values.update({ spreadsheetId, range, valueInputOption: 'RAW', requestBody: { values: [[...layout.columns]] } }));
    },

    /** Overwrites one row (a period's Analytics row); idempotent. */
    async updateOwnedRow(sheet: OwnedSheet, row: number, cells: SheetCell[]): Promise<void> {
      const range = layoutRange(OWNED_LAYOUTS[sheet], row, row);
      await call(range, (api) => api.spreadsheets.values.update({ spreadsheetId, range, valueInputOption: 'RAW', requestBody: { values: [cells] } }));
    },

    /**
     * Appends rows below the sheet's table in one request. A retry first reads the sheet and
     * skips the rows an earlier attempt already wrote, so a lost answer never doubles rows.
     */
    async appendOwnedRows(sheet: OwnedSheet, rows: SheetCell[][]): Promise<AppendResult> {
      const layout = OWNED_LAYOUTS[sheet];
      const range = layoutRange(layout);
      let alreadyThere = 0;
      let sheetRows = 0;
      if (Context.current().info.attempt > 1) {
        const values = (await readValues(range)) ?? [];
        alreadyThere = appendedOverlap(values, rows);
        sheetRows = values.length;
      }
      const rest = rows.slice(alreadyThere);
      if (rest.length === 0) return { appended: 0, alreadyThere, lastRow: sheetRows };
      const { data } = await call(range, (api) =>
        api.spreadsheets.values.append({ spreadsheetId, range, valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS', requestBody: { values: rest } }),
      );
      return { appended: rest.length, alreadyThere, lastRow: lastRowOf(data.updates?.updatedRange) ?? sheetRows + rest.length };
    },
  };
}

/** What the Sheets workflows proxy on the sheets queue (type only, for `proxyActivities`). */
export type SheetsActivities = ReturnType<typeof createSheetsActivities>;
