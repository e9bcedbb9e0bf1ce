/**
 * Messages between `PGliteHost` (the caller's thread) and `pglite-worker` (the thread that
 * runs PGlite and serves it on a Unix socket). Queries never pass here: they go over the
 * socket, in PostgreSQL's wire protocol.
 */
import type { WireServerStats } from './pglite-wire';

/** What the worker thread is started with. */
export interface WorkerOptions {
  /** Absolute directory for the database files; undefined: in memory. */
  dataDir?: string;
  /** The Unix socket to listen on. */
  socketPath: string;
  /** See `WireServerOptions.idleInTransactionTimeoutMs`. */
  idleInTransactionTimeoutMs?: number;
}

/** Requests from the host: figures for tests, or shutting down (answered once PGlite has closed). */
export type HostMessage = { id: number; kind: 'stats' } | { id: number; kind: 'close' };

/** The worker's start-up report, a log line, or its answer to one `HostMessage` (matched by `id`). */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'startup-failed'; message: string }
  | { kind: 'log'; line: string }
  | { id: number; kind: 'stats'; stats: WireServerStats }
  | { id: number; kind: 'closed' };
