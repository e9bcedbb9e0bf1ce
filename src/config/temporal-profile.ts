/**
 * How we reach the Temporal server, read the way the `temporal` CLI and every Temporal SDK read
 * it (`@temporalio/envconfig`): a profile of the TOML file (TEMPORAL_CONFIG_FILE, else
 * ~/.config/temporalio/temporal.toml; TEMPORAL_PROFILE, else "default") under the standard
 * variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*), so one
 * setting serves our processes and the CLI. Checked once, at start-up: every certificate and key
 * is read and parsed here, and each problem is one line naming the variable or file key, never a
 * secret's value.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';

/** TLS as the SDK's connections take it (`TLSConfig` of @temporalio/common). */
export interface ProfileTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** What a connection to the configured server needs besides its address. */
export interface ProfileConnectionOptions {
  tls?: ProfileTls;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/**
 * The resolved connection profile. Its secrets (API key, client key, gRPC metadata) are private
 * fields: they reach the connection options and nothing else — not `JSON.stringify`, not logs.
 */
export class TemporalProfile {
  readonly #options: ProfileConnectionOptions;

  constructor(
    readonly address: string | undefined,
    readonly namespace: string | undefined,
    options: ProfileConnectionOptions,
    /** Where the settings came from, for messages: "the environment" or a profile of a file. */
    readonly source: string,
    /** The client certificate's subject, for messages (not a secret). */
    readonly clientSubject?: string,
  ) {
    this.#options = options;
  }

  get tls(): boolean {
    return this.#options.tls !== undefined;
  }

  get hasApiKey(): boolean {
    return this.#options.apiKey !== undefined;
  }

  /** The SDK's connection options (TLS, API key, metadata) for the configured server. */
  connectionOptions(): ProfileConnectionOptions {
    return this.#options;
  }

  /** "TLS, client certificate CN=worker, API key" — how we connect, with nothing secret in it. */
  describe(): string {
    if (!this.tls) return 'plain text';
    const parts = ['TLS'];
    if (this.#options.tls?.clientCertPair) parts.push(`client certificate ${this.clientSubject ?? ''}`.trim());
    if (this.hasApiKey) parts.push('API key');
    return parts.join(', ');
  }

  toJSON(): Record<string, unknown> {
    return { address: this.address, namespace: this.namespace, security: this.describe(), source: this.source };
  }

  [inspect.custom](): string {
    return `TemporalProfile ${JSON.stringify(this.toJSON())}`;
  }
}

/** The variables that envconfig reads for a profile, besides the file's. */
const TLS_VARIABLES = {
  clientCert: { path: 'TEMPORAL_TLS_CLIENT_CERT_PATH', data: 'TEMPORAL_TLS_CLIENT_CERT_DATA', toml: 'client_cert' },
  clientKey: { path: 'TEMPORAL_TLS_CLIENT_KEY_PATH', data: 'TEMPORAL_TLS_CLIENT_KEY_DATA', toml: 'client_key' },
  serverCACert: { path: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', data: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA', toml: 'server_ca_cert' },
} as const;

/** Where envconfig looks when TEMPORAL_CONFIG_FILE is unset (the `temporal` CLI's file). */
export function defaultProfileFile(env: Record<string, string | undefined>): string | undefined {
  if (process.platform === 'win32') return env.APPDATA ? path.join(env.APPDATA, 'temporalio', 'temporal.toml') : undefined;
  if (process.platform === 'darwin') return env.HOME ? path.join(env.HOME, 'Library', 'Application Support', 'temporalio', 'temporal.toml') : undefined;
  const base = env.XDG_CONFIG_HOME ? (path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined) : env.HOME ? path.join(env.HOME, '.config') : undefined;
  return base ? path.join(base, 'temporalio', 'temporal.toml') : undefined;
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a directory' : (code ?? (err as Error).message);
}

/**
 * Resolves and checks the profile. `raw` is the environment as the process sees it (with `.env`
 * merged under it); empty values count as unset, as everywhere in our config. Problems are
 * returned, one line each, for the caller's ConfigError.
 */
export function resolveTemporalProfile(raw: Record<string, string | undefined>): { profile: TemporalProfile; problems: string[] } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v.trim() !== '') env[k] = v.trim();
  const problems: string[] = [];
  const empty = (source: string) => ({ profile: new TemporalProfile(env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE, {}, source), problems });

  // The file: read here so that a TEMPORAL_CONFIG_FILE that isn't there is an error (envconfig
  // treats any missing file as "no file"); the default location may well not exist.
  const explicitFile = env.TEMPORAL_CONFIG_FILE;
  const file = explicitFile ?? defaultProfileFile(env);
  let fileData: string | undefined;
  if (file) {
    try {
      fileData = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if (explicitFile) problems.push(`TEMPORAL_CONFIG_FILE: cannot read ${file} (${errorCode(err)})`);
    }
  }
  if (!fileData && env.TEMPORAL_PROFILE) problems.push(`TEMPORAL_PROFILE: there is no profile file to take "${env.TEMPORAL_PROFILE}" from (set TEMPORAL_CONFIG_FILE${file ? `, or create ${file}` : ''})`);
  if (problems.length > 0) return empty('the environment');
  const profileName = env.TEMPORAL_PROFILE ?? 'default';
  const inFile = (key: string) => `profile.${profileName}.${key} in ${file}`;

  let loaded: ClientConfigProfile;
  try {
    loaded = loadClientConfigProfile({
      configSource: fileData !== undefined ? { data: fileData } : undefined,
      disableFile: fileData === undefined,
      configFileStrict: true,
      profile: env.TEMPORAL_PROFILE,
      overrideEnvVars: env,
    });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    if (/^Profile '.*' not found/.test(message)) problems.push(`TEMPORAL_PROFILE: no profile "${profileName}" in ${file}`);
    else problems.push(`${explicitFile ? 'TEMPORAL_CONFIG_FILE' : 'the Temporal profile file'} ${file}: ${message.replace(/^Validation error: /, '')}`);
    return empty('the environment');
  }
  const source = fileData !== undefined ? `profile "${profileName}" of ${file}` : 'the environment';

  if (loaded.address !== undefined && !env.TEMPORAL_ADDRESS && !/^[^:\s]+:\d+$/.test(loaded.address)) problems.push(`${inFile('address')}: expected host:port (got "${loaded.address}")`);
  if (env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION && /^(1|true)$/.test(env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION)) {
    problems.push('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: not supported by the Temporal TypeScript SDK; give the server\'s CA (TEMPORAL_TLS_SERVER_CA_CERT_PATH) and the name in its certificate (TEMPORAL_TLS_SERVER_NAME) instead');
  }

  // TLS as envconfig decides it: an explicit tls table or TLS variable, or an API key alone.
  const tlsSettings = loaded.tls;
  const tlsOff = tlsSettings?.disabled === true;
  const tlsOn = tlsSettings !== undefined ? !tlsOff : loaded.apiKey !== undefined;
  if (loaded.apiKey !== undefined && tlsOff) {
    problems.push(`${env.TEMPORAL_API_KEY ? 'TEMPORAL_API_KEY' : inFile('api_key')}: an API key is only sent over TLS, but TLS is turned off (${env.TEMPORAL_TLS ? `TEMPORAL_TLS=${env.TEMPORAL_TLS}` : inFile('tls.disabled')}); remove that, or the key`);
  }
  if (tlsOn && !loaded.address) {
    problems.push('TEMPORAL_ADDRESS: TLS settings are given but no server address; TLS applies to a configured server (the local dev server speaks plain text)');
  }

  const label = (field: keyof typeof TLS_VARIABLES, kind: 'path' | 'data') =>
    env[TLS_VARIABLES[field][kind]] ? TLS_VARIABLES[field][kind] : inFile(`tls.${TLS_VARIABLES[field].toml}_${kind}`);
  const read = (field: keyof typeof TLS_VARIABLES, from: ConfigDataSource | undefined): { bytes: Buffer; where: string } | undefined => {
    if (!from) return undefined;
    if ('path' in from) {
      const where = label(field, 'path');
      try {
        return { bytes: fs.readFileSync(from.path), where };
      } catch (err) {
        problems.push(`${where}: cannot read ${from.path} (${errorCode(err)})`);
        return undefined;
      }
    }
    return { bytes: Buffer.from(from.data), where: label(field, 'data') };
  };
  const certificate = (got: { bytes: Buffer; where: string } | undefined, what: string): crypto.X509Certificate | undefined => {
    if (!got) return undefined;
    try {
      return new crypto.X509Certificate(got.bytes);
    } catch {
      problems.push(`${got.where}: not a PEM ${what} certificate`);
      return undefined;
    }
  };

  let tls: ProfileTls | undefined;
  let clientSubject: string | undefined;
  if (tlsOn && tlsSettings !== undefined) {
    const cert = read('clientCert', tlsSettings.clientCert);
    const key = read('clientKey', tlsSettings.clientKey);
    const ca = read('serverCACert', tlsSettings.serverCACert);
    const clientCert = certificate(cert, 'client');
    certificate(ca, 'CA');
    let clientKey: crypto.KeyObject | undefined;
    if (key) {
      try {
        clientKey = crypto.createPrivateKey(key.bytes);
      } catch (err) {
        const encrypted = /passphrase/i.test((err as Error).message) || key.bytes.includes('ENCRYPTED');
        problems.push(`${key.where}: ${encrypted ? 'the key is encrypted; give one without a passphrase' : 'not a PEM private key'}`);
      }
    }
    if (tlsSettings.clientCert && !tlsSettings.clientKey) problems.push(`${env.TEMPORAL_TLS_CLIENT_CERT_PATH || env.TEMPORAL_TLS_CLIENT_CERT_DATA ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : inFile('tls.client_key_path')}: missing; a client certificate needs its private key`);
    if (tlsSettings.clientKey && !tlsSettings.clientCert) problems.push(`${env.TEMPORAL_TLS_CLIENT_KEY_PATH || env.TEMPORAL_TLS_CLIENT_KEY_DATA ? 'TEMPORAL_TLS_CLIENT_CERT_PATH' : inFile('tls.client_cert_path')}: missing; a client key needs its certificate`);
    if (clientCert && clientKey) {
      if (!clientCert.checkPrivateKey(clientKey)) problems.push(`${key!.where}: this key does not belong to the client certificate (${cert!.where})`);
      if (Date.parse(clientCert.validTo) < Date.now()) problems.push(`${cert!.where}: the client certificate expired on ${new Date(clientCert.validTo).toISOString()}`);
    }
    clientSubject = clientCert?.subject.replace(/\n/g, ', ');
    tls = {
      serverNameOverride: tlsSettings.serverName,
      serverRootCACertificate: ca?.bytes,
      clientCertPair: cert && key ? { crt: cert.bytes, key: key.bytes } : undefined,
    };
  } else if (tlsOn) {
    tls = {}; // an API key alone: TLS with the system's roots, as Temporal Cloud needs
  }

  const options: ProfileConnectionOptions = { tls, apiKey: loaded.apiKey, metadata: loaded.grpcMeta };
  return { profile: new TemporalProfile(loaded.address, loaded.namespace, options, source, clientSubject), problems };
}
