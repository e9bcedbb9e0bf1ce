/**
 * Messages between `PGliteHost` (the caller's thread) and `pglite-worker` (the thread that
 * runs PGlite). Values travel as PostgreSQL's text output, so the caller parses them with
 * the same parsers node-postgres uses.
 */

/** What the worker thread is started with. */
export interface WorkerOptions {
  /** Absolute directory for the database files; undefined: in memory. */
  dataDir?: string;
}

/** A query, or the request to shut down (answered once PGlite has closed). */
export type HostMessage =
  | { id: number; kind: 'query'; sql: string; params: readonly unknown[] }
  | { id: number; kind: 'close' };

/** One field of a result, as PostgreSQL describes it. */
export interface ResultField {
  name: string;
  dataTypeID: number;
}

/** A result with unparsed values: one text (or null) per field per row. */
export interface RawResult {
  fields: ResultField[];
  rows: Array<Array<string | null>>;
  command?: string;
  affectedRows?: number;
}

/** The fields of a PostgreSQL error worth keeping (the same names node-postgres uses). */
export interface SerializedError {
  message: string;
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

/** The worker's start-up report, or its answer to one `HostMessage` (matched by `id`). */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'startup-failed'; error: SerializedError }
  | { id: number; kind: 'result'; result: RawResult }
  | { id: number; kind: 'error'; error: SerializedError }
  | { id: number; kind: 'closed' };

const ERROR_FIELDS = ['code', 'severity', 'detail', 'hint', 'schema', 'table', 'column', 'constraint'] as const;

/** Copies an error's message and PostgreSQL fields into something that survives postMessage. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const serialized: SerializedError = { message: error.message };
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string') serialized[field] = value;
  }
  return serialized;
}
