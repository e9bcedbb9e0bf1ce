/**
 * A minimal HTTP server for the emulators (node:http, no framework), with JSON helpers and the
 * fault-injection control endpoint every emulator shares.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { FaultInjector } from './faults';

/** A running emulator server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** Starts a server on `host:port` (port 0 picks a free one) and resolves once it listens. */
export async function startHttpServer(options: { host?: string; port?: number; handler: Handler }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    Promise.resolve(options.handler(req, res, url)).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      else res.end();
    });
  });
  // Long-polling clients keep sockets open; close() must not wait for them.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads the whole request body as text (limit 50 MB). */
export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body; an empty body is `{}`. Throws SyntaxError on malformed JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Drops the connection without an answer: what a client sees during an outage. */
export function dropConnection(req: IncomingMessage, res: ServerResponse): void {
  res.socket?.destroy();
  req.socket.destroy();
}

/** The text of a control request's mistake: each zod issue with its path, or the error's message. */
export function controlErrorMessage(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
}

/**
 * Answers a failed control request with 400 and the mistake: bad bodies, unknown names and
 * malformed JSON are the caller's to fix. Returns true, for handlers that return "handled".
 */
export function replyControlError(res: ServerResponse, err: unknown): true {
  sendJson(res, 400, { error: controlErrorMessage(err) });
  return true;
}

/**
 * Serves `GET|POST|DELETE /_control/faults` (read, merge, reset). Returns true when it handled
 * the request. Control requests are never subject to the faults themselves.
 */
export async function handleFaultControl(req: IncomingMessage, res: ServerResponse, url: URL, faults: FaultInjector): Promise<boolean> {
  if (url.pathname !== '/_control/faults') return false;
  try {
    if (req.method === 'GET') sendJson(res, 200, faults.snapshot());
    else if (req.method === 'POST') sendJson(res, 200, faults.configure((await readJson(req)) as never));
    else if (req.method === 'DELETE') {
      faults.reset();
      sendJson(res, 200, faults.snapshot());
    } else sendJson(res, 405, { error: 'method not allowed' });
  } catch (err) {
    replyControlError(res, err);
  }
  return true;
}
