/**
 * Connecting to Temporal the same way from every entry point — and failing the same way: when
 * nothing answers, within seconds and with the address, instead of a transport error from deep
 * inside the SDK after its own long deadline.
 */
import net from 'node:net';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { AppConfig } from '../config';
import type { ProfileConnectionOptions } from '../config/temporal-profile';
import { dataConverterFor } from './data-converter';
import { postSettingsInterceptor } from './post-settings-interceptor';
import { postQuietHours } from '../common/quiet-hours';

/** How long a TCP connection to the frontend may take before we call it unreachable. */
const PROBE_TIMEOUT_MS = 2_000;
/** How long the SDK may take to finish connecting once TCP answers. */
const CONNECT_TIMEOUT_MS = 3_000;

/** The configured frontend, or the local dev server's default address. */
export function temporalAddress(config: AppConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}

/**
 * What a connection to `address` needs besides it: the profile's TLS, API key and metadata when
 * it is the configured server, nothing for the local dev server (plain text, no auth). Every
 * client and worker connection of ours is made with these.
 */
export function connectionOptionsFor(config: AppConfig, address = temporalAddress(config)): { address: string } & ProfileConnectionOptions {
  return address === config.temporal.address ? { address, ...config.temporal.profile.connectionOptions() } : { address };
}

/** Nothing answers at the address; the message says what to check. */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly address: string,
    hint: string,
  ) {
    super(`Temporal is not reachable at ${address} — ${hint}`);
    this.name = 'TemporalUnreachableError';
  }
}

/** What to tell a user of a command that needs a running server. */
export function unreachableHint(config: AppConfig): string {
  return config.temporal.address
    ? 'is that server (TEMPORAL_ADDRESS) running? Unset TEMPORAL_ADDRESS to use the one `npm start` runs.'
    : 'is `npm start` running?';
}

/** Whether an error from the SDK (or one it wraps) means "no server there": refused, reset, timed out connecting. */
export function isUnreachableError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { message?: string; details?: string; code?: number; cause?: unknown };
  const text = `${e.message ?? ''} ${e.details ?? ''}`;
  return (
    e.code === 14 ||
    /Failed to connect before the deadline|tonic::transport|ConnectionRefused|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|No connection established|transport error/i.test(text) ||
    isUnreachableError(e.cause, depth + 1)
  );
}

/** Resolves when something accepts TCP connections at host:port; rejects quickly when nothing does. */
function probe(address: string): Promise<void> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(at + 1));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    socket.once('connect', () => done());
    socket.once('error', done);
  });
}

/**
 * What to check when something accepts TCP connections at the configured address but the
 * Temporal connection fails: most often TLS or credentials (a secured server drops a plain-text
 * client at once). Undefined for the local dev server, which speaks plain text.
 */
export function securityHint(config: AppConfig, address: string): string | undefined {
  if (address !== config.temporal.address) return undefined;
  const profile = config.temporal.profile;
  if (!profile.tls) {
    return 'something there takes TCP connections but ended ours in plain text: if the server requires TLS, set TEMPORAL_TLS=true, a client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH) or TEMPORAL_API_KEY, or a profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE)';
  }
  return `something there takes TCP connections but ended ours (${profile.describe()}, from ${profile.source}): check the server's CA (TEMPORAL_TLS_SERVER_CA_CERT_PATH), the name in its certificate (TEMPORAL_TLS_SERVER_NAME), and that it takes this client certificate or API key`;
}

/** First line of an SDK error, for a message (never carries our settings' secrets: the SDK doesn't echo them). */
function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split('\n')[0];
}

/**
 * Runs a connect after a quick TCP probe, turning "nothing there" into {@link TemporalUnreachableError};
 * when TCP answers but the connection fails, `whenAnswering` (TLS, credentials) says what to check.
 */
export async function reachTemporal<T>(address: string, hint: string, connect: () => Promise<T>, whenAnswering?: string): Promise<T> {
  try {
    await probe(address);
  } catch {
    throw new TemporalUnreachableError(address, hint);
  }
  try {
    return await connect();
  } catch (err) {
    if (err instanceof TemporalUnreachableError) throw err;
    if (isUnreachableError(err)) throw new TemporalUnreachableError(address, whenAnswering ? `${whenAnswering} (${firstLine(err)})` : hint);
    throw err;
  }
}

/**
 * A connection to a Temporal frontend that has answered (within seconds): nothing listening, and
 * a port that some other server holds, are both told as {@link TemporalUnreachableError}.
 */
async function connectVerified(config: AppConfig, address: string, hint: string): Promise<Connection> {
  const whenAnswering = securityHint(config, address);
  const connection = await reachTemporal(address, hint, () => Connection.connect({ ...connectionOptionsFor(config, address), connectTimeout: CONNECT_TIMEOUT_MS }), whenAnswering);
  try {
    await connection.withDeadline(Date.now() + CONNECT_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}));
    return connection;
  } catch (err) {
    await connection.close();
    if (isUnreachableError(err)) throw new TemporalUnreachableError(address, whenAnswering ? `${whenAnswering} (${firstLine(err)})` : hint);
    const detail = (err as Error).message.split('\n')[0];
    throw new TemporalUnreachableError(address, `something answers there, but not a Temporal frontend (${detail}); ${hint}`);
  }
}

/** Checks that Temporal answers at the address; throws {@link TemporalUnreachableError} when it doesn't. */
export async function assertTemporalAnswers(config: AppConfig, address: string, hint: string): Promise<void> {
  await (await connectVerified(config, address, hint)).close();
}

/** What every client of ours intercepts: each post started through it carries the channel's quiet hours in its input. */
export function clientInterceptorsFor(config: AppConfig): ClientInterceptors {
  return { workflow: [postSettingsInterceptor(postQuietHours(config.limits.publishQuietHours, config.schedules.timezone))] };
}

/**
 * A client of the configured server (or `address`), failing fast when nothing answers there,
 * with the project's data converter: what it writes is encrypted, what it reads decrypted.
 * The posts it starts carry the channel's quiet hours (post-settings-interceptor.ts).
 */
export async function connectClient(config: AppConfig, address = temporalAddress(config), hint = unreachableHint(config)): Promise<Client> {
  const dataConverter = dataConverterFor(config); // before connecting: a missing key is the clearer error
  return new Client({ connection: await connectVerified(config, address, hint), namespace: config.temporal.namespace, dataConverter, interceptors: clientInterceptorsFor(config) });
}

/**
 * Runs a command's work with a client and closes it afterwards; a server that goes away
 * meanwhile is reported like one that was never there.
 */
export async function withClient<T>(config: AppConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(config);
  try {
    return await fn(client);
  } catch (err) {
    if (isUnreachableError(err)) throw new TemporalUnreachableError(temporalAddress(config), unreachableHint(config));
    throw err;
  } finally {
    await client.connection.close();
  }
}
