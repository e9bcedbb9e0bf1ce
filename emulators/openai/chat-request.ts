/**
 * Reads a `POST /v1/chat/completions` body the way the API does: the parameters the pipeline
 * uses are checked, and anything wrong becomes the same 400 `invalid_request_error` (with
 * `param`) that OpenAI sends, so a malformed request fails in tests as it would in production.
 */
import { invalidRequest, type OpenAiErrorResponse } from './errors';

/** A JSON schema node, as sent in `response_format`. */
export type JsonSchema = { [key: string]: unknown };

/** What the emulator was asked for. */
export type RequestedFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json_object' }
  | { readonly type: 'json_schema'; readonly name: string; readonly schema: JsonSchema; readonly strict: boolean };

/** One chat message, reduced to its role and text. */
export interface ChatMessage {
  readonly role: string;
  readonly text: string;
}

/** A valid chat completion request. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly format: RequestedFormat;
  /** How many choices to return (`n`). */
  readonly choices: number;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/** Validates a parsed body; returns the request or the error OpenAI would answer with. */
export function parseChatRequest(body: unknown): { ok: true; request: ChatRequest } | { ok: false; error: OpenAiErrorResponse } {
  const fail = (message: string, param: string | null, code: string | null = null) => ({ ok: false as const, error: invalidRequest(message, param, code) });
  if (!isObject(body)) return fail('The request body must be a JSON object.', null);
  if (body.model === undefined) return fail("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (typeof body.model !== 'string' || body.model === '') return fail("Invalid type for 'model': expected a string.", 'model', 'invalid_type');
  if (body.messages === undefined) return fail("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(body.messages)) return fail("Invalid type for 'messages': expected an array.", 'messages', 'invalid_type');
  if (body.messages.length === 0) {
    return fail("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  }
  const messages: ChatMessage[] = [];
  for (const [i, raw] of body.messages.entries()) {
    if (!isObject(raw)) return fail(`Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`, 'invalid_type');
    if (typeof raw.role !== 'string' || !ROLES.has(raw.role)) {
      return fail(`Invalid value for 'messages[${i}].role': expected one of ${[...ROLES].join(', ')}.`, `messages[${i}].role`, 'invalid_value');
    }
    const text = contentText(raw.content);
    if (text === null) return fail(`Invalid type for 'messages[${i}].content': expected a string or an array of content parts.`, `messages[${i}].content`, 'invalid_type');
    messages.push({ role: raw.role, text });
  }
  if (body.stream === true) return fail('Streaming is not supported by this server; send stream: false.', 'stream', 'unsupported_value');
  const n = body.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 128) return fail("Invalid 'n': expected an integer from 1 to 128.", 'n', 'invalid_value');
  const format = parseFormat(body.response_format);
  if ('error' in format) return { ok: false, error: format.error };
  return { ok: true, request: { model: body.model, messages, format, choices: n } };
}

function parseFormat(raw: unknown): RequestedFormat | { error: OpenAiErrorResponse } {
  if (raw === undefined || raw === null) return { type: 'text' };
  if (!isObject(raw)) return { error: invalidRequest("Invalid type for 'response_format': expected an object.", 'response_format', 'invalid_type') };
  if (raw.type === 'text') return { type: 'text' };
  if (raw.type === 'json_object') return { type: 'json_object' };
  if (raw.type !== 'json_schema') {
    return { error: invalidRequest("Invalid value for 'response_format.type': expected one of 'text', 'json_object', 'json_schema'.", 'response_format.type', 'invalid_value') };
  }
  const spec = raw.json_schema;
  if (!isObject(spec)) return { error: invalidRequest("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema', 'missing_required_parameter') };
  if (typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
    return { error: invalidRequest("Invalid 'response_format.json_schema.name': expected a string of letters, digits, '_' or '-' (at most 64).", 'response_format.json_schema.name', 'invalid_value') };
  }
  const schema = spec.schema ?? {};
  if (!isObject(schema)) return { error: invalidRequest("Invalid type for 'response_format.json_schema.schema': expected an object.", 'response_format.json_schema.schema', 'invalid_type') };
  return { type: 'json_schema', name: spec.name, schema, strict: spec.strict === true };
}

/** A message's text: a string, or the text parts of a content array joined; null when neither. */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return null;
  return content
    .map((part) => (isObject(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
