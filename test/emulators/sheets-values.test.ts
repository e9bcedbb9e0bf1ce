/**
 * The real googleapis Sheets client against the Sheets emulator: reads, writes, appends and
 * clears, with A1 ranges as the product writes them, checked against the stored cells.
 */
import type { sheets_v4 } from 'googleapis';
import { readSheetsFixture, sheetsClientForEmulator, startSheetsEmulator, type SheetsEmulator } from '../../emulators/sheets';

const ID = 'panel-test-1';

let emulator: SheetsEmulator;
let sheets: sheets_v4.Sheets;

beforeAll(async () => {
  emulator = await startSheetsEmulator({ spreadsheets: readSheetsFixture(`${__dirname}/../fixtures/sheets-control-panel.json`), quotaPerMinute: 0 });
  sheets = sheetsClientForEmulator(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.reset());

describe('reading', () => {
  it('spreadsheets.get lists the sheets with ids and grid sizes, honouring fields', async () => {
    const { data } = await sheets.spreadsheets.get({ spreadsheetId: ID });
    expect(data.properties?.title).toBe('Cars Bot control panel');
    expect(data.sheets?.map((s) => s.properties?.title)).toEqual(['Channels', 'Subscribers', 'Analytics', 'Event Log']);
    expect(data.sheets?.[0].properties).toMatchObject({ sheetId: 0, index: 0, gridProperties: { rowCount: 1000, columnCount: 26 } });
    expect(new Set(data.sheets?.map((s) => s.properties?.sheetId)).size).toBe(4);

    const partial = await sheets.spreadsheets.get({ spreadsheetId: ID, fields: 'properties.title,sheets(properties(title))' });
    expect(partial.data).toEqual({
      properties: { title: 'Cars Bot control panel' },
      sheets: [{ properties: { title: 'Channels' } }, { properties: { title: 'Subscribers' } }, { properties: { title: 'Analytics' } }, { properties: { title: 'Event Log' } }],
    });
  });

  it('values.get on whole columns returns formatted strings, trailing empties trimmed', async () => {
    const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Subscribers!A:D' });
    expect(data.range).toBe('Subscribers!A1:D1000');
    expect(data.majorDimension).toBe('ROWS');
    expect(data.values).toEqual([
      ['telegram_id', 'username', 'plan', 'expires_at'],
      ['4242', 'aigerim', 'month', '2026-12-31'],
      ['5353', '', 'week', '2026-11-30'],
    ]);
    const unformatted = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Subscribers!A2:A', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(unformatted.data).toMatchObject({ range: 'Subscribers!A2:A1000', values: [[4242], [5353]] });
  });

  it('reads open ranges, whole rows, a sheet name alone, single cells and columns first', async () => {
    const open = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A2:B' });
    expect(open.data.values).toEqual([['@cars_kz', 'Cars KZ'], ['@auto_almaty', 'Авто Алматы'], ['@old_channel', 'Old channel']]);
    const rows = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!3:4' });
    expect(rows.data.range).toBe('Channels!A3:Z4');
    expect(rows.data.values).toEqual([['@auto_almaty', 'Авто Алматы', 'TRUE', 'main source'], ['@old_channel', 'Old channel', 'FALSE', 'closed']]);
    const whole = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels' });
    expect(whole.data.range).toBe('Channels!A1:Z1000');
    expect(whole.data.values).toHaveLength(4);
    const cell = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!C3' });
    expect(cell.data).toEqual({ range: 'Channels!C3', majorDimension: 'ROWS', values: [['TRUE']] });
    const columns = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1:C3', majorDimension: 'COLUMNS' });
    expect(columns.data.values).toEqual([['channel', '@cars_kz', '@auto_almaty'], ['title', 'Cars KZ', 'Авто Алматы'], ['active', 'TRUE', 'TRUE']]);
    const empty = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Analytics!A2:D' });
    expect(empty.data.values).toBeUndefined();
    // Without a sheet name the range refers to the first sheet.
    const first = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'A1:B1' });
    expect(first.data).toMatchObject({ range: 'Channels!A1:B1', values: [['channel', 'title']] });
  });

  it('values.batchGet reads several ranges in one request, sheet names with spaces quoted', async () => {
    const { data } = await sheets.spreadsheets.values.batchGet({ spreadsheetId: ID, ranges: ['Channels!A1:A2', "'Event Log'!A1:C1"] });
    expect(data.valueRanges?.map((v) => [v.range, v.values])).toEqual([
      ['Channels!A1:A2', [['channel'], ['@cars_kz']]],
      ["'Event Log'!A1:C1", [['time', 'event', 'details']]],
    ]);
    expect(emulator.requestStats().total).toBe(1);
  });
});

describe('writing', () => {
  it('values.update with USER_ENTERED parses numbers and booleans; RAW keeps text', async () => {
    const res = await sheets.spreadsheets.values.update({
      spreadsheetId: ID,
      range: 'Analytics!A2:D2',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['2026-11-20', '128', 'true', '1,250']] },
    });
    expect(res.data).toMatchObject({ spreadsheetId: ID, updatedRange: 'Analytics!A2:D2', updatedRows: 1, updatedColumns: 4, updatedCells: 4 });
    await sheets.spreadsheets.values.update({
      spreadsheetId: ID,
      range: 'Analytics!A3',
      valueInputOption: 'RAW',
      requestBody: { values: [['2026-11-21', '64', 'true']] },
    });
    expect(emulator.getValues(ID, 'Analytics')).toEqual([
      ['date', 'posts', 'published', 'duplicates'],
      ['2026-11-20', 128, true, 1250],
      ['2026-11-21', '64', 'true'],
    ]);
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Analytics!A2:D3' });
    expect(read.data.values).toEqual([['2026-11-20', '128', 'TRUE', '1250'], ['2026-11-21', '64', 'true']]);
  });

  it('values.update leaves null cells alone, clears empty strings, and returns what it wrote', async () => {
    const res = await sheets.spreadsheets.values.update({
      spreadsheetId: ID,
      range: 'Channels!C2:D3',
      valueInputOption: 'RAW',
      includeValuesInResponse: true,
      requestBody: { values: [[null, 'checked'], ['FALSE', '']] },
    });
    expect(res.data.updatedCells).toBe(3);
    expect(res.data.updatedData?.values).toEqual([['TRUE', 'checked'], ['FALSE']]);
    expect(emulator.getValues(ID, 'Channels').slice(1, 3)).toEqual([
      ['@cars_kz', 'Cars KZ', 'TRUE', 'checked'],
      ['@auto_almaty', 'Авто Алматы', 'FALSE'],
    ]);
  });

  it('values.append twice puts the rows one after the other, after the table', async () => {
    const first = await sheets.spreadsheets.values.append({
      spreadsheetId: ID,
      range: "'Event Log'!A:C",
      valueInputOption: 'RAW',
      requestBody: { values: [['2026-11-20T09:12:00Z', 'published', 'post 1042']] },
    });
    expect(first.data.tableRange).toBe("'Event Log'!A1:C1");
    expect(first.data.updates).toMatchObject({ updatedRange: "'Event Log'!A2:C2", updatedRows: 1, updatedCells: 3 });
    const second = await sheets.spreadsheets.values.append({
      spreadsheetId: ID,
      range: "'Event Log'!A1",
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['2026-11-20T09:13:00Z', 'duplicate', 'post 1043'], ['2026-11-20T09:14:00Z', 'failed', 'post 1044']] },
    });
    expect(second.data.tableRange).toBe("'Event Log'!A1:C2");
    expect(second.data.updates?.updatedRange).toBe("'Event Log'!A3:C4");
    expect(emulator.getValues(ID, 'Event Log').map((r) => r[1])).toEqual(['event', 'published', 'duplicate', 'failed']);
  });

  it('values.append into an empty sheet starts at the top of the range and grows the grid', async () => {
    emulator.setValues(ID, 'Scratch', []);
    const rows = Array.from({ length: 1001 }, (_, i) => [`row ${i + 1}`]);
    const res = await sheets.spreadsheets.values.append({ spreadsheetId: ID, range: 'Scratch!B5', valueInputOption: 'RAW', requestBody: { values: rows } });
    expect(res.data.tableRange).toBeUndefined();
    expect(res.data.updates?.updatedRange).toBe('Scratch!B5:B1005');
    const meta = await sheets.spreadsheets.get({ spreadsheetId: ID, ranges: ['Scratch'] });
    expect(meta.data.sheets?.[0].properties?.gridProperties?.rowCount).toBe(1005);
  });

  it('values.clear empties a range and names it as Google does', async () => {
    const { data } = await sheets.spreadsheets.values.clear({ spreadsheetId: ID, range: 'Channels!A2:D' });
    expect(data).toEqual({ spreadsheetId: ID, clearedRange: 'Channels!A2:D1000' });
    expect(emulator.getValues(ID, 'Channels')).toEqual([['channel', 'title', 'active', 'notes']]);
  });

  it('values.batchUpdate writes several ranges, or none when one of them is bad', async () => {
    const ok = await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: ID,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: 'Analytics!A2:B2', values: [['2026-11-20', '10']] },
          { range: "'Event Log'!A2", values: [['now', 'analytics updated']] },
        ],
      },
    });
    expect(ok.data).toMatchObject({ totalUpdatedCells: 4, totalUpdatedSheets: 2, totalUpdatedRows: 2 });

    const before = emulator.getValues(ID, 'Analytics');
    await expect(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: ID,
        requestBody: { valueInputOption: 'RAW', data: [{ range: 'Analytics!A3', values: [['x']] }, { range: 'Nope!A1', values: [['y']] }] },
      }),
    ).rejects.toMatchObject({ response: { status: 400 } });
    expect(emulator.getValues(ID, 'Analytics')).toEqual(before);
  });

  it('spreadsheets.batchUpdate adds a missing sheet', async () => {
    const { data } = await sheets.spreadsheets.batchUpdate({ spreadsheetId: ID, requestBody: { requests: [{ addSheet: { properties: { title: 'Stats 2026' } } }] } });
    expect(data.replies?.[0].addSheet?.properties).toMatchObject({ title: 'Stats 2026', index: 4 });
    await sheets.spreadsheets.values.update({ spreadsheetId: ID, range: "'Stats 2026'!A1", valueInputOption: 'RAW', requestBody: { values: [['ok']] } });
    expect(emulator.getValues(ID, 'Stats 2026')).toEqual([['ok']]);
  });
});
