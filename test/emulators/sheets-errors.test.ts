/**
 * Failures of the Sheets emulator as googleapis sees them: Google's error bodies for unknown
 * spreadsheets, bad ranges, missing access and credentials, the per-minute quota, and injected
 * latency, errors and outages. Also the control API driven over HTTP.
 */
import { google, type sheets_v4 } from 'googleapis';
import {
  SheetsControlClient,
  readSheetsFixture,
  sheetsClientForEmulator,
  sheetsEmulatorOptions,
  startSheetsEmulator,
  type GoogleErrorBody,
  type SheetsEmulator,
} from '../../emulators/sheets';

const ID = 'panel-test-1';

let emulator: SheetsEmulator;
let sheets: sheets_v4.Sheets;

beforeAll(async () => {
  emulator = await startSheetsEmulator({ spreadsheets: readSheetsFixture(`${__dirname}/../fixtures/sheets-control-panel.json`) });
  sheets = sheetsClientForEmulator(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.reset());

interface Failure {
  status?: number;
  body?: GoogleErrorBody;
  code?: string;
}

/** Runs `call`, which must fail, and returns what googleapis reports. */
async function failure(call: () => Promise<unknown>): Promise<Failure> {
  try {
    await call();
  } catch (err) {
    const e = err as { response?: { status: number; data: GoogleErrorBody }; code?: string };
    return { status: e.response?.status, body: e.response?.data, code: e.code };
  }
  throw new Error('the call succeeded but should have failed');
}

describe("Google's errors", () => {
  it('404 NOT_FOUND for an unknown spreadsheet', async () => {
    const f = await failure(() => sheets.spreadsheets.values.get({ spreadsheetId: 'no-such-sheet', range: 'A1' }));
    expect(f.status).toBe(404);
    expect(f.body).toEqual({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
  });

  it('400 INVALID_ARGUMENT for a range that is not A1 notation or names a missing sheet', async () => {
    const syntax = await failure(() => sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1:B2:C3' }));
    expect(syntax.status).toBe(400);
    expect(syntax.body?.error).toEqual({ code: 400, message: 'Unable to parse range: Channels!A1:B2:C3', status: 'INVALID_ARGUMENT' });
    const missing = await failure(() => sheets.spreadsheets.values.get({ spreadsheetId: ID, range: "'No Such Sheet'!A1" }));
    expect(missing.body?.error.message).toBe("Unable to parse range: 'No Such Sheet'!A1");
  });

  it('403 PERMISSION_DENIED for a spreadsheet not shared with the caller', async () => {
    emulator.setAccess('panel-no-access', false);
    const f = await failure(() => sheets.spreadsheets.get({ spreadsheetId: 'panel-no-access' }));
    expect(f.status).toBe(403);
    expect(f.body?.error).toMatchObject({ status: 'PERMISSION_DENIED', message: 'The caller does not have permission' });
    emulator.setAccess('panel-no-access', true);
    await expect(sheets.spreadsheets.get({ spreadsheetId: 'panel-no-access' })).resolves.toMatchObject({ status: 200 });
  });

  it('400 for writes outside their range or the grid, and without valueInputOption', async () => {
    const outside = await failure(() =>
      sheets.spreadsheets.values.update({ spreadsheetId: ID, range: 'Analytics!A2:B2', valueInputOption: 'RAW', requestBody: { values: [['a', 'b'], ['c', 'd']] } }),
    );
    expect(outside.body?.error.message).toBe('Requested writing within range [Analytics!A2:B2], but tried writing to row [3]');
    const grid = await failure(() =>
      sheets.spreadsheets.values.update({ spreadsheetId: ID, range: 'Analytics!AA1', valueInputOption: 'RAW', requestBody: { values: [['x']] } }),
    );
    expect(grid.body?.error.message).toBe("Range ('Analytics'!AA1) exceeds grid limits. Max rows: 1000, max columns: 26");
    const noOption = await failure(() => sheets.spreadsheets.values.update({ spreadsheetId: ID, range: 'Analytics!A2', requestBody: { values: [['x']] } }));
    expect(noOption.body?.error.message).toBe("'valueInputOption' is required but not specified");
    expect(emulator.getValues(ID, 'Analytics')).toEqual([['date', 'posts', 'published', 'duplicates']]);
  });
});

describe('authentication', () => {
  it('401 UNAUTHENTICATED without credentials', async () => {
    const anonymous = google.sheets({ version: 'v4', ...sheetsEmulatorOptions(emulator.url) });
    const f = await failure(() => anonymous.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' }));
    expect(f.status).toBe(401);
    expect(f.body?.error.status).toBe('UNAUTHENTICATED');
  });

  it('accepts an API key for reads but not for writes, as Google does', async () => {
    const withKey = google.sheets({ version: 'v4', auth: 'AIza-emulator-key', ...sheetsEmulatorOptions(emulator.url) });
    const read = await withKey.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' });
    expect(read.data.values).toEqual([['channel']]);
    const write = await failure(() =>
      withKey.spreadsheets.values.update({ spreadsheetId: ID, range: 'Analytics!A2', valueInputOption: 'RAW', requestBody: { values: [['x']] } }),
    );
    expect(write.status).toBe(401);
    expect(write.body?.error.message).toMatch(/^API keys are not supported by this API/);
  });
});

describe('quota', () => {
  it('answers 429 RESOURCE_EXHAUSTED once the per-minute quota is used, counting a batch once', async () => {
    emulator.setQuota(3);
    await sheets.spreadsheets.values.batchGet({ spreadsheetId: ID, ranges: ['Channels!A:D', 'Subscribers!A:D'] });
    await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' });
    await sheets.spreadsheets.values.append({ spreadsheetId: ID, range: 'Analytics!A:D', valueInputOption: 'RAW', requestBody: { values: [['d', 1, 1, 0]] } });

    const read = await failure(() => sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' }));
    expect(read.status).toBe(429);
    expect(read.body?.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(read.body?.error.message).toMatch(/^Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user'/);
    const write = await failure(() => sheets.spreadsheets.values.clear({ spreadsheetId: ID, range: 'Analytics!A2:D' }));
    expect(write.body?.error.message).toMatch(/^Quota exceeded for quota metric 'Write requests'/);
    // The refused clear did nothing.
    expect(emulator.getValues(ID, 'Analytics')).toHaveLength(2);

    expect(emulator.requestStats()).toMatchObject({ window: 'sliding-60s', quotaPerMinute: 3, lastMinute: 3, total: 3, rejectedTotal: 2 });
    emulator.setQuota(0);
    await expect(sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' })).resolves.toMatchObject({ status: 200 });
  });
});

describe('injected faults', () => {
  it('adds latency', async () => {
    emulator.faults.configure({ latencyMs: 250 });
    const started = Date.now();
    await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('drops connections during an outage: an error without a response', async () => {
    emulator.faults.configure({ outage: true });
    const f = await failure(() => sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' }));
    expect(f.status).toBeUndefined();
    expect(f.body).toBeUndefined();
    emulator.faults.configure({ outage: false });
    await expect(sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' })).resolves.toMatchObject({ status: 200 });
  });

  it('fails the next requests with Google-shaped bodies', async () => {
    emulator.faults.configure({ failNext: { count: 2, status: 503 } });
    const first = await failure(() => sheets.spreadsheets.get({ spreadsheetId: ID }));
    expect(first.status).toBe(503);
    expect(first.body?.error.status).toBe('UNAVAILABLE');
    const second = await failure(() => sheets.spreadsheets.get({ spreadsheetId: ID }));
    expect(second.status).toBe(503);
    await expect(sheets.spreadsheets.get({ spreadsheetId: ID })).resolves.toMatchObject({ status: 200 });
  });
});

describe('control API over HTTP', () => {
  it('seeds and reads sheets, denies access, sets the quota and resets', async () => {
    const control = new SheetsControlClient(emulator.url);
    await control.setValues(ID, 'Channels', [['channel', 'title', 'active'], ['@new_source', 'New', true]]);
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A2:C2' });
    expect(read.data.values).toEqual([['@new_source', 'New', 'TRUE']]);

    await sheets.spreadsheets.values.append({ spreadsheetId: ID, range: 'Channels!A:C', valueInputOption: 'USER_ENTERED', requestBody: { values: [['@another', 'Another', 'false']] } });
    expect(await control.getValues(ID, 'Channels')).toEqual([['channel', 'title', 'active'], ['@new_source', 'New', true], ['@another', 'Another', false]]);

    await control.setAccess(ID, false);
    expect((await failure(() => sheets.spreadsheets.get({ spreadsheetId: ID }))).status).toBe(403);
    await control.setQuota(1);
    expect((await control.requestStats()).quotaPerMinute).toBe(1);
    await control.setFaults({ failNext: { count: 1, status: 500 } });

    await control.reset();
    expect((await control.getValues(ID, 'Channels'))[1]).toEqual(['@cars_kz', 'Cars KZ', 'TRUE']);
    await expect(sheets.spreadsheets.get({ spreadsheetId: ID })).resolves.toMatchObject({ status: 200 });
    expect((await control.requestStats()).quotaPerMinute).toBe(60);
    await expect(control.getValues(ID, 'Nope')).rejects.toThrow(/has no sheet "Nope"/);
  });
});
