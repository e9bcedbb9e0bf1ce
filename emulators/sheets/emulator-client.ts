/**
 * googleapis pointed at the Sheets emulator. Besides `rootUrl`, two options matter: `retry:
 * false` (Temporal is the only layer that retries) and `fetchImplementation: fetch` — gaxios 7
 * otherwise loads node-fetch with a dynamic `import()`, which fails inside Jest's CommonJS
 * sandbox ("A dynamic import callback was invoked without --experimental-vm-modules").
 */
// The Sheets API module alone: `googleapis`' index loads (and type-checks) every Google API.
import { auth as googleAuth, sheets as sheetsApi, type sheets_v4 } from 'googleapis/build/src/apis/sheets';

/** The client options to merge into `google.sheets({...})` when talking to an emulator. */
export function sheetsEmulatorOptions(rootUrl: string): { rootUrl: string; retry: false; fetchImplementation: typeof fetch } {
  return { rootUrl, retry: false, fetchImplementation: fetch };
}

/** Anything googleapis accepts as `auth` (an OAuth2/JWT client, GoogleAuth, or an API key). */
export type SheetsAuth = NonNullable<sheets_v4.Options['auth']>;

/**
 * A Sheets client for the emulator at `rootUrl`. Without `auth` it uses a fixed bearer token
 * (the emulator accepts any); pass a service-account JWT client to exercise that path.
 */
export function sheetsClientForEmulator(rootUrl: string, auth?: SheetsAuth): sheets_v4.Sheets {
  let credentials: SheetsAuth | undefined = auth;
  if (credentials === undefined) {
    const client = new googleAuth.OAuth2({ transporterOptions: { fetchImplementation: fetch } });
    client.setCredentials({ access_token: 'emulator-access-token' });
    credentials = client;
  }
  return sheetsApi({ version: 'v4', auth: credentials, ...sheetsEmulatorOptions(rootUrl) });
}
