/**
 * Service-account authentication against the Sheets emulator with google-auth-library's real JWT
 * client. google-auth-library ignores `token_uri` from the key file (the token URL is fixed), so
 * two routes are exercised: self-signed JWTs (`useJWTAccessWithScope`, no token endpoint at all)
 * and the OAuth token exchange redirected to the emulator's `/token`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { google } from 'googleapis';
import { sheetsClientForEmulator, startSheetsEmulator, type SheetsEmulator } from '../../emulators/sheets';

const ID = 'auth-test';
const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const EMAIL = 'cars-bot@cars-bot-test.iam.gserviceaccount.com';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let emulator: SheetsEmulator;

beforeAll(async () => {
  emulator = await startSheetsEmulator({ spreadsheets: { [ID]: { title: 'Auth', sheets: { Channels: [['channel'], ['@cars_kz']] } } } });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.reset());

it('a service account with self-signed JWTs (useJWTAccessWithScope) needs no token endpoint', async () => {
  const jwt = new google.auth.JWT({ email: EMAIL, key: PRIVATE_KEY, scopes: [SCOPE], transporterOptions: { fetchImplementation: fetch } });
  jwt.useJWTAccessWithScope = true;
  const sheets = sheetsClientForEmulator(emulator.url, jwt);

  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A:A' });
  expect(data.values).toEqual([['channel'], ['@cars_kz']]);
  await sheets.spreadsheets.values.append({ spreadsheetId: ID, range: 'Channels!A:A', valueInputOption: 'RAW', requestBody: { values: [['@new']] } });
  expect(emulator.getValues(ID, 'Channels')).toEqual([['channel'], ['@cars_kz'], ['@new']]);
  expect(emulator.tokenGrants()).toEqual([]);
});

it('GoogleAuth with a service-account key (JSON) works the same way', async () => {
  const auth = new google.auth.GoogleAuth({
    credentials: { type: 'service_account', client_email: EMAIL, private_key: PRIVATE_KEY },
    scopes: [SCOPE],
    clientOptions: { transporterOptions: { fetchImplementation: fetch } },
  });
  auth.useJWTAccessWithScope = true;
  const sheets = sheetsClientForEmulator(emulator.url, auth);
  const { data } = await sheets.spreadsheets.get({ spreadsheetId: ID, fields: 'sheets.properties.title' });
  expect(data).toEqual({ sheets: [{ properties: { title: 'Channels' } }] });
  expect(emulator.tokenGrants()).toEqual([]);
});

it('a service account exchanging its JWT for an access token at the emulator', async () => {
  const jwt = new google.auth.JWT({ email: EMAIL, key: PRIVATE_KEY, scopes: [SCOPE], transporterOptions: { fetchImplementation: fetch } });
  // gtoken posts to the fixed https://oauth2.googleapis.com/token; send that request here instead.
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (config.url instanceof URL && config.url.href === 'https://oauth2.googleapis.com/token') config.url = new URL(emulator.tokenUrl);
      return config;
    },
  });
  const sheets = sheetsClientForEmulator(emulator.url, jwt);

  await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' });
  await sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A2' });
  expect(emulator.tokenGrants()).toEqual([
    expect.objectContaining({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', issuer: EMAIL, scope: SCOPE, audience: 'https://oauth2.googleapis.com/token' }),
  ]);
  expect(jwt.credentials.access_token).toMatch(/^ya29\.emulator-/);
});

it('a read-only scope may read but not write (403, as at Google)', async () => {
  const jwt = new google.auth.JWT({
    email: EMAIL,
    key: PRIVATE_KEY,
    scopes: ['https://www.googleapis.com/auth/spreadsheets.readonly'],
    transporterOptions: { fetchImplementation: fetch },
  });
  jwt.useJWTAccessWithScope = true;
  const sheets = sheetsClientForEmulator(emulator.url, jwt);
  await expect(sheets.spreadsheets.values.get({ spreadsheetId: ID, range: 'Channels!A1' })).resolves.toMatchObject({ status: 200 });
  const write = await sheets.spreadsheets.values
    .update({ spreadsheetId: ID, range: 'Channels!A3', valueInputOption: 'RAW', requestBody: { values: [['x']] } })
    .then(
      () => undefined,
      (err: { response?: { status: number; data: { error: { message: string } } } }) => err.response,
    );
  expect(write?.status).toBe(403);
  expect(write?.data.error.message).toBe('Request had insufficient authentication scopes.');
  expect(emulator.getValues(ID, 'Channels')).toEqual([['channel'], ['@cars_kz']]);
});

it('the token endpoint refuses a malformed or expired assertion as Google does', async () => {
  const post = (assertion: string) =>
    fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
    });
  const malformed = await post('not-a-jwt');
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });

  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const past = Math.floor(Date.now() / 1000) - 7200;
  const expired = await post(`${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: EMAIL, scope: SCOPE, aud: 'x', iat: past, exp: past + 3600 })}.sig`);
  expect(expired.status).toBe(400);
  expect(((await expired.json()) as { error: string }).error).toBe('invalid_grant');
  expect(emulator.tokenGrants()).toEqual([]);
});
