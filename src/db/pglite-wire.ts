/**
 * Serves one PGlite over PostgreSQL's wire protocol, so the service reaches it through the
 * same `pg` pool and Kysely dialect as a PostgreSQL server. PGlite is a single backend session;
 * any number of clients connect, and each gets the session for one whole exchange at a time:
 * from its first message until PGlite answers ReadyForQuery with status idle. A transaction
 * therefore has the session from BEGIN to COMMIT or ROLLBACK, and the statements of one
 * extended-protocol exchange (Parse … Sync) never mix with another client's. Clients that
 * want the session meanwhile wait their turn in arrival order, as they would behind a lock on
 * PostgreSQL.
 *
 * A client that goes away while it has the session (a killed process, a closed socket) has
 * what it started rolled back before the next client gets it. When a transaction sits idle
 * holding the session for `idleInTransactionTimeoutMs` while others wait, the waiting
 * statements fail with lock_not_available (55P03), as behind `lock_timeout` on PostgreSQL, so
 * a transaction that waits on a second connection of its own ends in an error, not a hang.
 *
 * What a single session cannot give: session state is shared (a `SET` or `set_config(…, false)`
 * made by one client holds for all, and the service sets only its one `search_path`), and a
 * session-level advisory lock never makes another client wait (the migrations' lock still
 * works, because the migrator's own transaction runs alone). Startup parameters are not
 * applied, no password is asked, and cancel requests are ignored.
 */
import net from 'node:net';

/** What the server needs of PGlite: run raw protocol messages, one call at a time. */
export interface ProtocolEngine {
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
}

export interface WireServerOptions {
  engine: ProtocolEngine;
  /** The engine's answer to a StartupMessage, replayed to every client that connects. */
  startupResponse: Uint8Array;
  /** How long a transaction may hold the session idle before the statements waiting for it fail (default 30 s). */
  idleInTransactionTimeoutMs?: number;
  /** Receives one line per noteworthy event (a client dropped mid-transaction, a timeout). */
  log?: (line: string) => void;
}

/** Figures for tests and diagnostics. */
export interface WireServerStats {
  connections: number;
  /** Clients with a complete exchange queued, waiting for the session. */
  waiting: number;
  /** Whether a client holds the session between exchanges (inside a transaction). */
  held: boolean;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_MAJOR_3 = 3;

/** Messages after which the backend answers (and may be done): Sync, Query, Flush, CopyDone, CopyFail, FunctionCall. */
const DISPATCH_POINTS = new Set(['S', 'Q', 'H', 'c', 'f', 'F'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);
const READY_FOR_QUERY = 'Z'.charCodeAt(0);
const IDLE = 'I'.charCodeAt(0);

/**
 * Undoes whatever a client that vanished left open: an Execute of a portal that cannot exist
 * fails, which aborts an implicit extended-protocol transaction instead of letting Sync commit
 * it; Sync ends the exchange; ROLLBACK ends an explicit transaction (a harmless warning if none).
 */
const ABANDON: Buffer = Buffer.concat([
  message('E', Buffer.concat([cstring('\u0001cars-bot-abandoned'), int32(0)])),
  message('S', Buffer.alloc(0)),
  message('Q', cstring('ROLLBACK')),
]);

class Client {
  buffer: Buffer = Buffer.alloc(0);
  started = false;
  /** Complete messages not yet sent to the engine. */
  queued: Buffer[] = [];
  closed = false;
  constructor(readonly socket: net.Socket) {}

  /** How many queued messages make up whole exchanges (up to the last dispatch point). */
  dispatchable(): number {
    for (let i = this.queued.length - 1; i >= 0; i--) if (DISPATCH_POINTS.has(this.queued[i][0])) return i + 1;
    return 0;
  }
}

export class PGliteWireServer {
  readonly #options: Required<Omit<WireServerOptions, 'log'>> & { log: (line: string) => void };
  readonly #clients = new Set<Client>();
  readonly #waiting: Client[] = [];
  readonly #server: net.Server;
  /** The client whose exchange or transaction is in progress. */
  #owner: Client | undefined;
  /** When the owner last got an answer, for the idle-in-transaction timeout. */
  #ownerIdleSince = 0;
  #running = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: WireServerOptions) {
    this.#options = {
      ...options,
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? 30_000,
      log: options.log ?? (() => undefined),
    };
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  /** Starts listening on a Unix socket path (or a `host:port` pair via `net.ListenOptions`). */
  listen(where: net.ListenOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(where, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  stats(): WireServerStats {
    return { connections: this.#clients.size, waiting: this.#waiting.length, held: this.#owner !== undefined && !this.#running };
  }

  /** Stops accepting, disconnects every client, and waits for the exchange in progress to end. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const client of this.#clients) client.socket.destroy();
    await closed;
    // Dropped clients' open work is rolled back by the exchanges still to run.
    while (this.#running || this.#owner) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  #accept(socket: net.Socket): void {
    const client = new Client(socket);
    this.#clients.add(client);
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.#receive(client, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#drop(client));
  }

  #receive(client: Client, data: Buffer): void {
    if (client.closed) return;
    client.buffer = client.buffer.length === 0 ? data : Buffer.concat([client.buffer, data]);
    while (!client.started) {
      if (client.buffer.length < 8) return;
      const length = client.buffer.readInt32BE(0);
      if (client.buffer.length < length) return;
      const code = client.buffer.readInt32BE(4);
      client.buffer = client.buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        client.socket.write('N');
      } else if (code === CANCEL_REQUEST) {
        client.socket.end();
        return;
      } else if (code >>> 16 === PROTOCOL_MAJOR_3) {
        client.started = true;
        client.socket.write(this.#options.startupResponse);
      } else {
        client.socket.end(errorResponse('FATAL', '08P01', `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`));
        client.closed = true;
        return;
      }
    }
    while (client.buffer.length >= 5) {
      const length = 1 + client.buffer.readInt32BE(1);
      if (client.buffer.length < length) break;
      const msg = client.buffer.subarray(0, length);
      client.buffer = client.buffer.subarray(length);
      if (msg[0] === TERMINATE) {
        client.socket.end();
        this.#drop(client);
        return;
      }
      client.queued.push(msg);
    }
    if (client.dispatchable() === 0) return;
    if (client !== this.#owner && !this.#waiting.includes(client)) this.#waiting.push(client);
    this.#pump();
  }

  #drop(client: Client): void {
    if (client.closed && !this.#clients.has(client)) return;
    client.closed = true;
    client.queued = [];
    this.#clients.delete(client);
    const at = this.#waiting.indexOf(client);
    if (at >= 0) this.#waiting.splice(at, 1);
    if (client === this.#owner) this.#pump();
  }

  /** Runs the next exchange, if the session is free for one. */
  #pump(): void {
    if (this.#running) return;
    if (this.#owner?.closed) {
      this.#clearIdleTimer();
      void this.#run(this.#owner, ABANDON);
      return;
    }
    if (!this.#owner) this.#owner = this.#waiting.shift();
    const owner = this.#owner;
    if (!owner) return;
    const count = owner.dispatchable();
    if (count === 0) {
      // Inside a transaction, between statements: the session stays with it.
      if (this.#waiting.length > 0) this.#startIdleTimer(owner);
      return;
    }
    this.#clearIdleTimer();
    const batch = owner.queued.splice(0, count);
    void this.#run(owner, batch.length === 1 ? batch[0] : Buffer.concat(batch));
  }

  async #run(owner: Client, batch: Buffer): Promise<void> {
    const abandoning = owner.closed;
    this.#running = true;
    let answer: Uint8Array | undefined;
    let failure: unknown;
    try {
      answer = await this.#options.engine.execProtocolRaw(batch);
    } catch (error) {
      failure = error;
    }
    this.#running = false;
    if (answer === undefined) {
      // The engine itself failed: nothing sensible can go on with this client.
      const text = failure instanceof Error ? failure.message : String(failure);
      this.#options.log(`embedded database: a statement failed inside the engine: ${text}`);
      if (!owner.closed) owner.socket.end(errorResponse('FATAL', 'XX000', `embedded database error: ${text}`));
      owner.closed = true;
      this.#owner = undefined;
    } else if (abandoning) {
      this.#options.log('embedded database: a client left with its exchange or transaction open; rolled it back');
      this.#owner = undefined;
    } else {
      if (!owner.closed) owner.socket.write(answer);
      if (endsIdle(answer)) this.#owner = undefined;
      else this.#ownerIdleSince = Date.now();
    }
    this.#pump();
  }

  #startIdleTimer(owner: Client): void {
    if (this.#idleTimer) return;
    const timeout = this.#options.idleInTransactionTimeoutMs;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#owner !== owner || this.#running || owner.dispatchable() > 0) return;
      // As lock_timeout would on PostgreSQL: the waiting statements fail, the transaction goes on.
      const waiting = this.#waiting.splice(0);
      this.#options.log(
        `embedded database: a transaction sat idle ${timeout} ms holding the session; failed ${waiting.length} statement(s) waiting for it`,
      );
      for (const client of waiting) {
        client.queued.splice(0, client.dispatchable());
        client.socket.write(
          Buffer.concat([
            errorResponse(
              'ERROR',
              '55P03',
              `waited ${timeout} ms for the embedded database, held by a transaction that sat idle meanwhile (the embedded database is one session: a transaction must not wait for another connection)`,
            ),
            READY_IDLE,
          ]),
        );
      }
    }, Math.max(0, this.#ownerIdleSince + timeout - Date.now()));
    this.#idleTimer.unref();
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}

/** Whether an answer ends with ReadyForQuery in the idle state: the session is free again. */
function endsIdle(answer: Uint8Array): boolean {
  const n = answer.length;
  return n >= 6 && answer[n - 6] === READY_FOR_QUERY && answer[n - 1] === IDLE && answer[n - 5] === 0 && answer[n - 2] === 5;
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

function cstring(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8');
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type, 'ascii'), int32(4 + body.length), body]);
}

/** An ErrorResponse; FATAL is what a server sends before it closes the connection. */
function errorResponse(severity: 'ERROR' | 'FATAL', code: string, text: string): Buffer {
  return message(
    'E',
    Buffer.concat([Buffer.from('S'), cstring(severity), Buffer.from('V'), cstring(severity), Buffer.from('C'), cstring(code), Buffer.from('M'), cstring(text), Buffer.from([0])]),
  );
}

/** ReadyForQuery, idle: what ends an answer to a client outside a transaction. */
const READY_IDLE = message('Z', Buffer.from('I'));

/** A StartupMessage for protocol 3.0, to learn the engine's answer to one. */
export function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.concat([cstring(k), cstring(v)])), Buffer.from([0])]);
  return Buffer.concat([int32(8 + body.length), int32(PROTOCOL_MAJOR_3 << 16), body]);
}
