/**
 * Parameters of one Bot API call, read the ways Telegram accepts them (query string,
 * application/x-www-form-urlencoded, JSON, multipart/form-data) and coerced the way Telegram
 * coerces them: numbers and booleans may arrive as strings, objects as JSON-encoded strings.
 */
import type { IncomingMessage } from 'node:http';
import { readBody } from '../common/http';
import { badRequest } from './errors';
import { multipartBoundary, parseMultipart } from './multipart';

/** A file uploaded in a multipart request, addressed by `attach://<name>` or by the field name. */
export interface UploadedFile {
  filename?: string;
  data: Buffer;
}

/** Typed access to the parameters of a call; every accessor fails with Telegram's 400. */
export class BotParams {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && v !== null && v !== '';
  }

  /** Raw value (for echoing parameters in the webhook-reply path). */
  raw(): Record<string, unknown> {
    return { ...this.values };
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw badRequest(`parameter "${name}" must be a string`);
  }

  int(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`parameter "${name}" must be a Number`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'True' || v === '1' || v === 1) return true;
    if (v === 'false' || v === 'False' || v === '0' || v === 0) return false;
    throw badRequest(`parameter "${name}" must be a Boolean`);
  }

  /** An object or array parameter, given either as JSON or as a JSON-encoded string. */
  json(name: string, parseError: string): unknown {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw badRequest(parseError);
    }
  }

  /** `chat_id` as Telegram accepts it: an integer id or an `@username`. */
  chatId(name = 'chat_id'): number | string {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') throw badRequest('chat_id is empty');
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string') {
      const s = v.trim();
      if (/^-?\d+$/.test(s)) return Number(s);
      if (s !== '') return s;
    }
    throw badRequest('chat not found');
  }

  /** A file sent in the same multipart request (`attach://name` or the field itself). */
  uploadedFile(reference: string): UploadedFile | undefined {
    const name = reference.startsWith('attach://') ? reference.slice('attach://'.length) : reference;
    return this.files.get(name);
  }
}

/** Reads all parameters of a request: query string first, then the body on top of it. */
export async function readBotParams(req: IncomingMessage, url: URL): Promise<BotParams> {
  const values: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [k, v] of url.searchParams) values[k] = v;
  if (req.method === 'GET' || req.method === 'HEAD') return new BotParams(values, files);

  const body = await readBody(req);
  if (body.length === 0) return new BotParams(values, files);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest('request body must be a JSON object');
    }
    Object.assign(values, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const boundary = multipartBoundary(String(req.headers['content-type']));
    if (!boundary) throw badRequest('multipart boundary is missing');
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename !== undefined) files.set(part.name, { filename: part.filename, data: part.data });
      else values[part.name] = part.data.toString('utf8');
    }
  } else {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) values[k] = v;
  }
  return new BotParams(values, files);
}
