/**
 * The OpenAI API emulator: `GET /v1/models` and `POST /v1/chat/completions` (structured
 * outputs and plain text) over HTTP, so the real `openai` client runs against it through
 * `baseURL` in tests, in `npm start` without credentials, and in benchmarks. Faults (latency,
 * errors, outage) come from the shared injector and fail the way OpenAI fails; a control API
 * lets another process set faults and read what was asked.
 *
 * Control API (never subject to faults):
 * - `GET|POST|DELETE /_control/faults` — read, merge, reset fault settings;
 * - `GET /_control/requests` — `{ requests: RecordedRequest[] }`;
 * - `DELETE /_control/requests` — forget them.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, handleFaultControl, readJson, sendJson, startHttpServer } from '../common/http';
import { FaultInjector, type FaultConfig } from '../common/faults';
import { detectTask } from './task';
import { answerChat } from './answer';
import { buildCompletion } from './completion';
import { parseChatRequest } from './chat-request';
import { errorForStatus, invalidRequest, modelNotFound, unauthorized, unknownUrl, type OpenAiErrorResponse } from './errors';
import { DEFAULT_MODELS, modelObject } from './models';
import { RequestLog, type RecordedRequest } from './request-log';
import { createRulesEngine } from './rules-engine';

/** Options of one emulator instance. */
export interface OpenAiEmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Faults active from the start. */
  readonly faults?: FaultConfig;
  /** Receives one line per API request (method, path, status, task, tokens). */
  readonly log?: (line: string) => void;
  /** Model ids `GET /v1/models` lists. */
  readonly models?: readonly string[];
  /** Year the rules engine treats as current (model years go up to the next one). */
  readonly currentYear?: number;
  /** Random source for fault error rates and latency ranges (tests make it deterministic). */
  readonly random?: () => number;
}

/** A running emulator. */
export interface OpenAiEmulator {
  /** Base URL for the client's `baseURL`, ending in `/v1`. */
  readonly url: string;
  /** Server root, where the `/_control/*` endpoints are. */
  readonly origin: string;
  readonly port: number;
  /** This instance's fault settings; change them directly or over `/_control/faults`. */
  readonly faults: FaultInjector;
  /** Summaries of the API requests so far, oldest first. */
  requests(): RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Clears faults and recorded requests: a clean slate between tests. */
  reset(): void;
  close(): Promise<void>;
}

type Unrecorded = Omit<RecordedRequest, 'seq' | 'at'>;

/** Starts an OpenAI emulator; everything it holds belongs to this instance. */
export async function startOpenAiEmulator(options: OpenAiEmulatorOptions = {}): Promise<OpenAiEmulator> {
  const faults = new FaultInjector(options.faults ?? {}, options.random ?? Math.random);
  const log = new RequestLog();
  const engine = createRulesEngine();
  const models = options.models ?? DEFAULT_MODELS;

  const finish = (summary: Unrecorded, send: () => void): void => {
    const recorded = log.record(summary);
    options.log?.(
      `openai ${recorded.method} ${recorded.path} ${recorded.status || 'dropped'} ${recorded.outcome}` +
        (recorded.task ? ` task=${recorded.task}` : '') +
        (recorded.totalTokens ? ` tokens=${recorded.promptTokens}+${recorded.completionTokens}` : ''),
    );
    send();
  };

  const sendError = (res: ServerResponse, base: Unrecorded, error: OpenAiErrorResponse, outcome: 'error' | 'fault'): void =>
    finish({ ...base, status: error.status, outcome }, () => sendJson(res, error.status, error.body, { ...error.headers, 'x-request-id': requestId() }));

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    let body: unknown;
    let malformed = false;
    try {
      body = method === 'POST' ? await readJson(req) : undefined;
    } catch {
      malformed = true;
    }
    const model = typeof (body as { model?: unknown } | undefined)?.model === 'string' ? (body as { model: string }).model : null;
    const base: Unrecorded = {
      method, path, status: 0, outcome: 'ok', model, task: null, schemaName: null,
      promptTokens: 0, completionTokens: 0, totalTokens: 0, leakedSystemPrompt: false,
    };

    const chat = method === 'POST' && path === '/v1/chat/completions' && !malformed ? parseChatRequest(body) : undefined;
    const decision = await faults.decide(chat?.ok ? detectTask(chat.request.format) : undefined);
    if (decision.kind === 'outage') return finish({ ...base, outcome: 'outage' }, () => dropConnection(req, res));
    if (decision.kind === 'error') return sendError(res, base, errorForStatus(decision.status), 'fault');

    const auth = req.headers.authorization;
    if (!auth || !/^Bearer\s+\S+/i.test(auth)) return sendError(res, base, unauthorized(Boolean(auth)), 'error');

    if (method === 'GET' && path === '/v1/models') {
      return finish({ ...base, status: 200 }, () =>
        sendJson(res, 200, { object: 'list', data: models.map(modelObject) }, { 'x-request-id': requestId() }),
      );
    }
    const modelPath = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (method === 'GET' && modelPath) {
      const id = decodeURIComponent(modelPath[1] ?? '');
      if (!models.includes(id)) return sendError(res, base, modelNotFound(id), 'error');
      return finish({ ...base, status: 200 }, () => sendJson(res, 200, modelObject(id), { 'x-request-id': requestId() }));
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') return sendError(res, base, unknownUrl(method, path), 'error');

    if (malformed) {
      return sendError(
        res,
        base,
        invalidRequest(
          'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
        ),
        'error',
      );
    }
    const parsed = parseChatRequest(body);
    if (!parsed.ok) return sendError(res, base, parsed.error, 'error');
    const request = parsed.request;
    const answer = answerChat(request, engine, { currentYear: options.currentYear });
    const completion = buildCompletion(request, answer);
    const { usage } = completion;
    return finish(
      {
        ...base,
        status: 200,
        model: request.model,
        task: answer.task,
        schemaName: request.format.type === 'json_schema' ? request.format.name : null,
        promptTokens: usage.prompt_tokens,
        completionTokens: usage.completion_tokens,
        totalTokens: usage.total_tokens,
        leakedSystemPrompt: answer.leakedSystemPrompt,
      },
      () => sendJson(res, 200, completion, { 'x-request-id': requestId(), 'openai-processing-ms': '1' }),
    );
  };

  const server = await startHttpServer({
    host: options.host,
    port: options.port,
    handler: async (req, res, url) => {
      if (await handleFaultControl(req, res, url, faults)) return;
      if (url.pathname === '/_control/requests') {
        if (req.method === 'GET') return sendJson(res, 200, { requests: log.list() });
        if (req.method === 'DELETE') return sendJson(res, 200, { cleared: log.clear() });
        return sendJson(res, 405, { error: 'method not allowed' });
      }
      return handleApi(req, res, url);
    },
  });

  return {
    url: `${server.url}/v1`,
    origin: server.url,
    port: server.port,
    faults,
    requests: () => log.list(),
    clearRequests: () => {
      log.clear();
    },
    reset: () => {
      faults.reset();
      log.clear();
    },
    close: () => server.close(),
  };
}

function requestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}
