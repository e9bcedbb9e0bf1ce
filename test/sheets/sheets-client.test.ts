import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSheetsClient, readServiceAccountKey, SheetsConfigError } from '../../src/activities/sheets/sheets-client';
import { testServiceAccountJson } from '../harness/sheets';

const KEY = testServiceAccountJson('reader@cars-bot.iam.gserviceaccount.com');

/** The error a call throws (the test fails if it throws none). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('the Sheets client from the config', () => {
  test('not configured at all: no client, so no sheets activities in this process', () => {
    expect(createSheetsClient({})).toBeUndefined();
  });

  test('the key from a file or inline JSON gives the same service account', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-key-')), 'key.json');
    fs.writeFileSync(file, KEY);
    const fromFile = createSheetsClient({ spreadsheetId: 'abc', serviceAccountFile: file });
    const inline = createSheetsClient({ spreadsheetId: 'abc', serviceAccountJson: KEY });
    expect(fromFile?.serviceAccountEmail).toBe('reader@cars-bot.iam.gserviceaccount.com');
    expect(inline).toMatchObject({ spreadsheetId: 'abc', serviceAccountEmail: 'reader@cars-bot.iam.gserviceaccount.com' });
  });

  test('half a configuration is an error that says what is missing', () => {
    expect(errorOf(() => createSheetsClient({ spreadsheetId: 'abc' })).message).toMatch(/no key: set GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON/);
    expect(errorOf(() => createSheetsClient({ serviceAccountJson: KEY })).message).toMatch(/GOOGLE_SHEETS_SPREADSHEET_ID is not/);
  });

  test('a broken key is reported without quoting it', () => {
    const truncated = KEY.slice(0, 400);
    const err = errorOf(() => readServiceAccountKey({ serviceAccountJson: truncated }));
    expect(err).toBeInstanceOf(SheetsConfigError);
    expect(err.message).toBe('GOOGLE_SERVICE_ACCOUNT_JSON is not valid JSON (expected the service-account key file\'s contents)');
    const notPem = JSON.stringify({ ...JSON.parse(KEY), private_key: 'MIIEv-not-a-key' });
    expect(errorOf(() => readServiceAccountKey({ serviceAccountJson: notPem })).message).toBe('GOOGLE_SERVICE_ACCOUNT_JSON: private_key is not a PEM private key');
    expect(errorOf(() => readServiceAccountKey({ serviceAccountFile: '/nonexistent/key.json' })).message).toBe(
      'cannot read the key file /nonexistent/key.json (GOOGLE_SERVICE_ACCOUNT_FILE): ENOENT',
    );
  });
});
