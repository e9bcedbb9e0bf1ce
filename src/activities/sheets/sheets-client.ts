/**
 * The Sheets client, built once per worker process from the config: a service account (key
 * file or inline JSON) signing its own short-lived tokens (self-signed JWTs, no token endpoint
 * call), googleapis' retries off (Temporal is the only layer that retries) and a timeout below
 * the activities' start-to-close. The key is checked here, at start-up, and never echoed.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
// The Sheets API module alone: `googleapis`' index loads every Google API (seconds at start-up).
import { auth as googleAuth, sheets as sheetsApi, type sheets_v4 } from 'googleapis/build/src/apis/sheets';
import type { AppConfig } from '../../config';

/** Read and write access to spreadsheets, nothing else. */
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

/** A configuration problem with Google Sheets; the message never contains key material. */
export class SheetsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetsConfigError';
  }
}

/** The parts of a service-account key the client uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
}

/** The client, and what the activities and error messages need to know about it. */
export interface SheetsConnection {
  sheets: sheets_v4.Sheets;
  spreadsheetId: string;
  /** Whom to share the spreadsheet with (shown in "no access" failures). */
  serviceAccountEmail: string;
}

/** Client settings that are not part of the config: the activities' timeout budget, and tests' transport. */
export interface SheetsClientOptions {
  /** Per-request timeout (default 30 s, below the sheets activities' 60 s start-to-close). */
  timeoutMs?: number;
  /**
   * The `fetch` googleapis should use. Unset, it loads node-fetch itself (which honours proxy
   * settings); Jest's sandbox can't load it that way, so tests pass the global `fetch`.
   */
  fetchImplementation?: typeof fetch;
}

type SheetsSettings = AppConfig['sheets'];

/** Whether credentials for Sheets are configured (a key file or inline key). */
export function hasSheetsCredentials(settings: SheetsSettings): boolean {
  return Boolean(settings.serviceAccountFile || settings.serviceAccountJson);
}

/** Reads and checks the service-account key from the file or the inline JSON. */
export function readServiceAccountKey(settings: SheetsSettings): ServiceAccountKey {
  if (settings.serviceAccountFile && settings.serviceAccountJson) {
    throw new SheetsConfigError('set either GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON, not both');
  }
  let text: string;
  let source: string;
  if (settings.serviceAccountFile) {
    source = `the key file ${settings.serviceAccountFile} (GOOGLE_SERVICE_ACCOUNT_FILE)`;
    try {
      text = fs.readFileSync(settings.serviceAccountFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SheetsConfigError(`cannot read ${source}: ${code}`);
    }
  } else if (settings.serviceAccountJson) {
    source = 'GOOGLE_SERVICE_ACCOUNT_JSON';
    text = settings.serviceAccountJson;
  } else {
    throw new SheetsConfigError('no service-account key: set GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON');
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text, which is key material: say only where it was.
    throw new SheetsConfigError(`${source} is not valid JSON (expected the service-account key file's contents)`);
  }
  const key = (json ?? {}) as Record<string, unknown>;
  if (key.type !== undefined && key.type !== 'service_account') {
    throw new SheetsConfigError(`${source} is a "${String(key.type)}" key; a service-account key ("type": "service_account") is needed`);
  }
  if (typeof key.client_email !== 'string' || !key.client_email.includes('@')) {
    throw new SheetsConfigError(`${source} has no client_email`);
  }
  if (typeof key.private_key !== 'string') throw new SheetsConfigError(`${source} has no private_key`);
  try {
    createPrivateKey(key.private_key);
  } catch {
    throw new SheetsConfigError(`${source}: private_key is not a PEM private key`);
  }
  return {
    clientEmail: key.client_email,
    privateKey: key.private_key,
    ...(typeof key.private_key_id === 'string' ? { privateKeyId: key.private_key_id } : {}),
  };
}

/** `https://host/` with the trailing slash googleapis expects of `rootUrl`. */
function rootUrlOf(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The Sheets client for the configured spreadsheet, or undefined when Sheets isn't configured
 * at all. Half a configuration (an id without a key, or a key without an id) is an error.
 */
export function createSheetsClient(settings: SheetsSettings, options: SheetsClientOptions = {}): SheetsConnection | undefined {
  if (!settings.spreadsheetId && !hasSheetsCredentials(settings)) return undefined;
  if (!settings.spreadsheetId) throw new SheetsConfigError('a service-account key is set but GOOGLE_SHEETS_SPREADSHEET_ID is not');
  if (!hasSheetsCredentials(settings)) {
    throw new SheetsConfigError('GOOGLE_SHEETS_SPREADSHEET_ID is set but no key: set GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON');
  }
  const key = readServiceAccountKey(settings);
  const transporter = options.fetchImplementation ? { transporterOptions: { fetchImplementation: options.fetchImplementation } } : {};
  const auth = new googleAuth.JWT({ email: key.clientEmail, key: key.privateKey, keyId: key.privateKeyId, scopes: [SHEETS_SCOPE], ...transporter });
  // Self-signed JWTs: Google accepts them for its APIs, and there is no token endpoint to reach.
  auth.useJWTAccessWithScope = true;
  const sheets = sheetsApi({
    version: 'v4',
    auth,
    retry: false,
    timeout: options.timeoutMs ?? 30_000,
    ...(settings.rootUrl ? { rootUrl: rootUrlOf(settings.rootUrl) } : {}),
    ...(options.fetchImplementation ? { fetchImplementation: options.fetchImplementation } : {}),
  });
  return { sheets, spreadsheetId: settings.spreadsheetId, serviceAccountEmail: key.clientEmail };
}
