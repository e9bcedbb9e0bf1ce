/**
 * The caller's side of the embedded database: starts `pglite-worker` on a thread of its own,
 * sends it queries and parses the answers with `textParser`, so PGlite and PostgreSQL hand
 * the store identical values. One host is one PGlite session.
 */
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostMessage, RawResult, SerializedError, WorkerMessage, WorkerOptions } from './pglite-protocol';
import { textParser } from './type-parsers';

/** An error PGlite reported, with PostgreSQL's fields (`code`, `constraint`…) as node-postgres has them. */
export class PGliteError extends Error {
  override readonly name = 'PGliteError';
  readonly code?: string;
  readonly severity?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;

  constructor({ message, ...fields }: SerializedError) {
    super(message);
    Object.assign(this, fields);
  }
}

/** A result with parsed rows, keyed by column name. */
export interface HostResult {
  rows: Array<Record<string, unknown>>;
  command?: string;
  affectedRows?: number;
}

interface Pending {
  resolve(message: WorkerMessage): void;
  reject(error: Error): void;
}

/**
 * The worker's file, beside this one. Run from TypeScript sources (tsx, ts-jest), the thread
 * needs a TypeScript loader of its own: it gets tsx's CommonJS hooks and nothing else, as the
 * host's loader flags don't carry over to a worker's entry file in every setup.
 */
const WORKER_FILE = join(__dirname, `pglite-worker${extname(__filename)}`);
const WORKER_EXEC_ARGV = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : undefined;

/** One PGlite session on a thread of its own; `PGliteDialect` gives it to one caller at a time. */
export class PGliteHost {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WorkerMessage) => {
      if (!('id' in message)) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      pending?.resolve(message);
    });
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`the PGlite thread exited (code ${code})`)));
  }

  /** Starts PGlite on a new thread, in `dataDir` (created if missing) or in memory. */
  static async start(options: { dataDir?: string } = {}): Promise<PGliteHost> {
    const workerData: WorkerOptions = { dataDir: options.dataDir === undefined ? undefined : resolve(options.dataDir) };
    const worker = new Worker(WORKER_FILE, { workerData, execArgv: WORKER_EXEC_ARGV });
    await new Promise<void>((ready, fail) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind === 'ready') done(undefined);
        else if (message.kind === 'startup-failed') done(new PGliteError(message.error));
      };
      const onError = (error: Error) => done(error);
      const onExit = (code: number) => done(new Error(`the PGlite thread exited during start-up (code ${code})`));
      const done = (error: Error | undefined) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error) {
          void worker.terminate();
          fail(error);
        } else {
          ready();
        }
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    return new PGliteHost(worker);
  }

  /** Runs one statement with `$1`-style parameters. */
  async query(sql: string, params: readonly unknown[] = []): Promise<HostResult> {
    const answer = await this.#send({ id: this.#nextId++, kind: 'query', sql, params });
    if (answer.kind === 'error') throw new PGliteError(answer.error);
    if (answer.kind !== 'result') throw new Error(`unexpected answer from the PGlite thread: ${answer.kind}`);
    return parseResult(answer.result);
  }

  /** Closes PGlite (writing everything to disk) and ends the thread. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    await this.#send({ id: this.#nextId++, kind: 'close' });
    this.#stop(new Error('the embedded database is closed'));
    await exited;
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

function parseResult({ fields, rows, command, affectedRows }: RawResult): HostResult {
  const parsers = fields.map((field) => textParser(field.dataTypeID));
  return {
    rows: rows.map((values) => {
      const row: Record<string, unknown> = {};
      fields.forEach((field, i) => {
        const text = values[i];
        row[field.name] = text === null ? null : parsers[i](text);
      });
      return row;
    }),
    command,
    affectedRows,
  };
}
