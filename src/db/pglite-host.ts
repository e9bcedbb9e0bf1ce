/**
 * The caller's side of the embedded database: starts `pglite-worker` on a thread of its own,
 * listening on a Unix socket in a private directory, and says where to connect. Queries go
 * over that socket through the ordinary `pg` pool; this class only starts, observes and stops
 * the thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostMessage, WorkerMessage, WorkerOptions } from './pglite-protocol';
import type { WireServerStats } from './pglite-wire';

/**
 * The worker's file, beside this one. Run from TypeScript sources (tsx, ts-jest), the thread
 * needs a TypeScript loader of its own: it gets tsx's CommonJS hooks and nothing else, as the
 * host's loader flags don't carry over to a worker's entry file in every setup.
 */
const WORKER_FILE = join(__dirname, `pglite-worker${extname(__filename)}`);
const WORKER_EXEC_ARGV = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : undefined;

/** The port number in the socket's name, `.s.PGSQL.<port>`, as libpq and node-postgres look for it. */
export const SOCKET_PORT = 5432;

export interface PGliteHostOptions {
  /** Directory of the database files (created if missing); undefined: in memory. */
  dataDir?: string;
  /** See `WireServerOptions.idleInTransactionTimeoutMs`. */
  idleInTransactionTimeoutMs?: number;
  log?: (line: string) => void;
}

/** PGlite on a thread of its own, served on a Unix socket in `socketDir`. */
export class PGliteHost {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(message: WorkerMessage): void; reject(error: Error): void }>();
  #nextId = 1;
  #stopped: Error | undefined;

  /** The directory holding the socket: node-postgres's `host`, with `port` {@link SOCKET_PORT}. */
  readonly socketDir: string;

  private constructor(worker: Worker, socketDir: string, log: (line: string) => void) {
    this.#worker = worker;
    this.socketDir = socketDir;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'log') log(message.line);
      if (!('id' in message)) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      pending?.resolve(message);
    });
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`the PGlite thread exited (code ${code})`)));
  }

  /** Starts PGlite on a new thread and waits until it accepts connections. */
  static async start(options: PGliteHostOptions = {}): Promise<PGliteHost> {
    const log = options.log ?? (() => undefined);
    // mkdtemp makes the directory readable by this user only: nobody else reaches the socket.
    const socketDir = mkdtempSync(join(tmpdir(), 'cars-bot-pglite-'));
    const workerData: WorkerOptions = {
      dataDir: options.dataDir === undefined ? undefined : resolve(options.dataDir),
      socketPath: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs,
    };
    const worker = new Worker(WORKER_FILE, { workerData, execArgv: WORKER_EXEC_ARGV });
    try {
      await new Promise<void>((ready, fail) => {
        const onMessage = (message: WorkerMessage) => {
          if (message.kind === 'ready') done(undefined);
          else if (message.kind === 'startup-failed') done(new Error(message.message));
          else if (message.kind === 'log') log(message.line);
        };
        const onError = (error: Error) => done(error);
        const onExit = (code: number) => done(new Error(`the PGlite thread exited during start-up (code ${code})`));
        const done = (error: Error | undefined) => {
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          if (error) fail(error);
          else ready();
        };
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      });
    } catch (error) {
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
      throw error;
    }
    return new PGliteHost(worker, socketDir, log);
  }

  /** Connections, waiting clients and whether a transaction holds the session. */
  async stats(): Promise<WireServerStats> {
    const answer = await this.#send({ id: this.#nextId++, kind: 'stats' });
    if (answer.kind !== 'stats') throw new Error(`unexpected answer from the PGlite thread: ${answer.kind}`);
    return answer.stats;
  }

  /** Disconnects every client, closes PGlite (writing everything to disk) and ends the thread. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    await this.#send({ id: this.#nextId++, kind: 'close' });
    this.#stop(new Error('the embedded database is closed'));
    await exited;
    rmSync(this.socketDir, { recursive: true, force: true });
  }

  #send(message: HostMessage): Promise<WorkerMessage> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { resolve, reject });
      this.#worker.postMessage(message);
    });
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
  }
}
