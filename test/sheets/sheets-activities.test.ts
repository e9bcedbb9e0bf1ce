/**
 * The Sheets activities with the product's client against the Sheets emulator, run in a mock
 * activity context: how Google's answers become failures, and how a retried append avoids
 * writing rows twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createSheetsActivities, type SheetsActivities } from '../../src/activities/sheets/sheets-activities';
import { createSheetsClient } from '../../src/activities/sheets/sheets-client';
import { SHEETS_FAILURE } from '../../src/common/failure-types';
import { countRequests, startSheetsParts, TEST_BACKOFF, TEST_SERVICE_ACCOUNT, TEST_SPREADSHEET_ID, TEST_TIME_ZONE, testServiceAccountJson, type SheetsParts } from '../harness/sheets';

const EVENTS_HEADER = ['time', 'type', 'post', 'user', 'details'];
const row = (n: number) => [`2026-11-20T09:00:0${n}.000Z`, 'post.ready', n, '', `{"n":${n}}`];

let parts: SheetsParts;
let activities: SheetsActivities;

/** Failures are what these tests expect: keep the SDK's "activity failed" warnings out of the output. */
const logger = new DefaultLogger('ERROR');

/** Runs an activity as attempt `n` and returns its result or the failure it threw. */
async function attempt<R>(n: number, fn: () => Promise<R>): Promise<R | ApplicationFailure> {
  try {
    return await new MockActivityEnvironment({ attempt: n }, { logger }).run(fn);
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
}

beforeAll(async () => {
  parts = await startSheetsParts();
  activities = createSheetsActivities({ connection: parts.connection, timeZone: TEST_TIME_ZONE, backoff: TEST_BACKOFF });
});
afterAll(async () => {
  await parts?.close();
});
beforeEach(() => {
  parts.emulator.reset();
  parts.emulator.faults.reset();
  parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Events', [EVENTS_HEADER]);
  parts.requestLog.length = 0;
});

describe('a retried append', () => {
  test('appends only the rows a lost answer did not already write', async () => {
    // The first attempt's append landed (rows 1 and 2 of the batch) but its answer was lost.
    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Events', [EVENTS_HEADER, row(1), row(2)]);
    const result = await attempt(2, () => activities.appendOwnedRows('events', [row(1), row(2), row(3)]));
    expect(result).toEqual({ appended: 1, alreadyThere: 2, lastRow: 4 });
    expect(parts.emulator.getValues(TEST_SPREADSHEET_ID, 'Events')).toEqual([EVENTS_HEADER, row(1), row(2), row(3)]);
  });

  test('writes nothing when the whole batch is already there', async () => {
    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Events', [EVENTS_HEADER, row(1), row(2)]);
    expect(await attempt(3, () => activities.appendOwnedRows('events', [row(1), row(2)]))).toEqual({ appended: 0, alreadyThere: 2, lastRow: 3 });
    expect(countRequests(parts.requestLog, 'values.append')).toBe(0);
  });

  test('a first attempt appends in one request without reading first', async () => {
    expect(await attempt(1, () => activities.appendOwnedRows('events', [row(1), row(2)]))).toEqual({ appended: 2, alreadyThere: 0, lastRow: 3 });
    expect(parts.requestLog.map((l) => l.split(' ')[0])).toEqual(['values.append']);
  });
});

describe('Google errors become failures that say what to do', () => {
  test('quota exceeded (429) is retried after a backoff delay', async () => {
    parts.emulator.faults.configure({ failNext: { count: 1, status: 429 } });
    const failure = await attempt(2, () => activities.readChannelsSheet());
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.rateLimited, nonRetryable: false });
    expect((failure as ApplicationFailure).message).toMatch(/^Google Sheets quota exceeded \(429 RESOURCE_EXHAUSTED\)/);
    expect(Number((failure as ApplicationFailure).nextRetryDelay)).toBeGreaterThanOrEqual(TEST_BACKOFF.initialMs);
  });

  test('server errors and dropped connections are retried', async () => {
    parts.emulator.faults.configure({ failNext: { count: 1, status: 503 } });
    expect(await attempt(1, () => activities.readChannelsSheet())).toMatchObject({ type: SHEETS_FAILURE.serverError, nonRetryable: false });
    parts.emulator.faults.configure({ outage: true });
    expect(await attempt(1, () => activities.readChannelsSheet())).toMatchObject({ type: SHEETS_FAILURE.connection, nonRetryable: false });
  });

  test('no access (403) is not retried and names the service account to share with', async () => {
    parts.emulator.setAccess(TEST_SPREADSHEET_ID, false);
    const failure = await attempt(1, () => activities.readChannelsSheet());
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.noAccess, nonRetryable: true });
    expect((failure as Error).message).toContain(`no access to spreadsheet ${TEST_SPREADSHEET_ID} (403): share it with ${TEST_SERVICE_ACCOUNT}`);
  });

  test('a wrong spreadsheet id (404) is not retried and points at the setting', async () => {
    const wrong = createSheetsClient(
      { spreadsheetId: 'no-such-sheet', serviceAccountJson: testServiceAccountJson(), rootUrl: parts.emulator.url },
      { fetchImplementation: fetch },
    )!;
    const other = createSheetsActivities({ connection: wrong, timeZone: TEST_TIME_ZONE, backoff: TEST_BACKOFF });
    const failure = await attempt(1, () => other.appendOwnedRows('events', [row(1)]));
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.spreadsheetNotFound, nonRetryable: true });
    expect((failure as Error).message).toMatch(/^spreadsheet no-such-sheet was not found \(404\): check GOOGLE_SHEETS_SPREADSHEET_ID/);
  });

  test('a range on a missing sheet (400) is a bad range, not retried', async () => {
    parts.emulator.world.store.load({ [TEST_SPREADSHEET_ID]: { sheets: { Other: [] } } });
    const failure = await attempt(1, () => activities.appendOwnedRows('events', [row(1)]));
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.badRange, nonRetryable: true });
    expect((failure as Error).message).toContain("bad range 'Events'!A1:E: spreadsheet panel-under-test has no such sheet");
  });

  test('a missing sheet read for a sync is reported as missing, not as a failure', async () => {
    parts.emulator.world.store.load({ [TEST_SPREADSHEET_ID]: { sheets: { Other: [] } } });
    expect(await attempt(1, () => activities.readChannelsSheet())).toEqual({ entries: [], skipped: [], sheetMissing: true });
    expect(await attempt(1, () => activities.inspectOwnedSheet('analytics', '2026-11-20'))).toEqual({ state: 'missing' });
  });

  test('a written sheet with someone else\'s header is refused rather than garbled', async () => {
    parts.emulator.setValues(TEST_SPREADSHEET_ID, 'Analytics', [['date', 'posts', 'published'], ['2026-11-19', 3, 1]]);
    const failure = await attempt(1, () => activities.inspectOwnedSheet('analytics', '2026-11-20'));
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.layoutInvalid, nonRetryable: true });
    expect((failure as Error).message).toMatch(/^the Analytics sheet's header row is \["date","posts","published"\], but Cars Bot writes/);
  });

  test('failure messages carry no key material or tokens', async () => {
    parts.emulator.setAccess(TEST_SPREADSHEET_ID, false);
    const failure = (await attempt(1, () => activities.readChannelsSheet())) as ApplicationFailure;
    expect(JSON.stringify({ message: failure.message, details: failure.details, cause: failure.cause?.message })).not.toMatch(/PRIVATE KEY|Bearer|eyJ/);
  });
});
