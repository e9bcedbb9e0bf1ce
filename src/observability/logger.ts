/**
 * The log of every process: pino, one JSON object a line on stderr (so stdout stays the
 * commands' output: `--json`, the ingest report), or pretty lines for a person at a terminal.
 * A JSON line reads `{"level":"info","time":"…","msg":"…",…fields}`.
 */
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** `auto`: pretty when stderr is a terminal, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  format?: LogFormat;
  /** Where each line goes (without its newline); default stderr. */
  write?: (line: string) => void;
}

/** An Error of any realm: a workflow's errors come from its sandbox, where `instanceof Error` is false. */
function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/** Errors become their type (a failure's, else the name) and message (JSON.stringify would make `{}` of them); the rest is kept as is. */
function plainFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    // `err` goes through pino's own serializer (type, message, stack).
    out[key] = isError(value) && key !== 'err' ? { type: (value as { type?: string }).type ?? value.name, message: value.message } : value;
  }
  return out;
}

/**
 * pino-pretty's line formatter, loaded only for pretty output (JSON-only processes, like the
 * workers in a container, never load it).
 */
function prettyLines(colorize: boolean): (line: string) => string {
  const { prettyFactory } = require('pino-pretty') as typeof import('pino-pretty');
  return prettyFactory({ colorize, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', singleLine: true });
}

/** Whether lines come out pretty: forced by the format, or a terminal on stderr. */
export function isPretty(format: LogFormat, stream: { isTTY?: boolean } = process.stderr): boolean {
  return format === 'pretty' || (format === 'auto' && stream.isTTY === true);
}

/**
 * A logger at `level`. With a `write` of its own (tests), lines are JSON unless `format` is
 * `pretty`. Writes are synchronous, through `process.stderr.write`: nothing is lost when a
 * command exits right after its last line.
 */
export function createLogger(level: LogLevel = 'info', options: LoggerOptions | ((line: string) => void) = {}): Logger {
  const { format = 'auto', write } = typeof options === 'function' ? { write: options, format: 'json' as const } : options;
  const out = write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const pretty = write ? format === 'pretty' : isPretty(format);
  const prettify = pretty ? prettyLines(!write && process.stderr.isTTY === true) : undefined;
  const destination = {
    write(chunk: string) {
      const line = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
      out(prettify ? prettify(line).replace(/\n$/, '') : line);
    },
  };
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    debug: (message, fields) => base.debug(plainFields(fields), message),
    info: (message, fields) => base.info(plainFields(fields), message),
    warn: (message, fields) => base.warn(plainFields(fields), message),
    error: (message, fields) => base.error(plainFields(fields), message),
  };
}
