/**
 * Temporal's remote codec protocol, for the Web UI and `temporal ... --codec-endpoint`: `POST
 * /codec/decode` and `POST /codec/encode` take `{"payloads": [...]}` (Payload protobufs as proto3
 * JSON; `{}` is an empty list, as proto3 JSON writes it) and answer the same shape, run through
 * the very codecs our clients and workers use.
 *
 * Whoever can call it can read every post and phone in Temporal, so:
 * - auth: `Authorization: Bearer <one of API_TOKENS>` (a Web UI with sign-in forwards the user's
 *   token when its codec setting `passAccessToken` is on, over https), or, for a Web UI that can't
 *   send a token (the dev server's), a codec-only token as the path segment before
 *   `/encode|/decode` (`/codec/<token>/decode`), never logged;
 * - browsers: CORS grants only CODEC_CORS_ORIGINS, and a request that carries any other Origin is
 *   refused outright (browsers always send Origin on cross-origin calls; the CLI sends none);
 * - `X-Namespace`, when sent, must be our namespace: our keys are for our data only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../api-error';
import { bearerChecker } from '../auth';

/** What the codec endpoint needs. */
export interface CodecEndpointOptions {
  /** The codecs of the data converter, in its order (encode runs them forwards, decode backwards). */
  payloadCodecs: readonly PayloadCodec[];
  /** The namespace whose payloads these are. */
  namespace: string;
  /** Browser origins granted by CORS (the Web UI's). */
  corsOrigins: readonly string[];
  /** Bearer tokens accepted (API_TOKENS). */
  tokens: readonly string[];
  /** Codec-only tokens accepted as a path segment, for a Web UI that can't send a header. */
  pathTokens?: readonly string[];
  /** Largest request body (default 16 MiB: the UI may send a whole history's payloads at once). */
  bodyLimitBytes?: number;
}

/** The path prefix the endpoint is mounted at. */
export const CODEC_PREFIX = '/codec';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function pathTokenChecker(tokens: readonly string[]): (given: string | undefined) => boolean {
  const known = tokens.filter((t) => t.length > 0).map(digest);
  return (given) => given !== undefined && known.reduce((ok, token) => timingSafeEqual(token, digest(given)) || ok, false);
}

/**
 * The request's payloads. The body is a `Payloads` message in proto3 JSON, where an empty list is
 * left out: the Temporal CLI (Go's protojson) sends `{}` for "no payloads" — `temporal schedule
 * update` without `--input` does, and was refused with a 400 here until this read `{}` as none.
 * Likewise a payload's empty `data` or `metadata` may be missing.
 */
function payloadsOf(body: unknown): Payload[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_payloads', 'expected a JSON body {"payloads": [...]} of Temporal payloads');
  const unknown = Object.keys(body).filter((k) => k !== 'payloads');
  if (unknown.length > 0) throw new ApiError(400, 'invalid_payloads', `expected a JSON body {"payloads": [...]} of Temporal payloads, not the field "${unknown[0].slice(0, 40)}"`);
  const list = (body as { payloads?: unknown }).payloads ?? [];
  if (!Array.isArray(list)) throw new ApiError(400, 'invalid_payloads', 'expected a JSON body {"payloads": [...]} of Temporal payloads: "payloads" must be a list');
  return list.map((item: unknown, i) => {
    try {
      if (item === null || typeof item !== 'object') throw new TypeError('not an object');
      return JSONToPayload(item as JSONPayload);
    } catch {
      throw new ApiError(400, 'invalid_payloads', `payloads[${i}] is not a Temporal payload (proto3 JSON: {"metadata": {...}, "data": "<base64>"})`);
    }
  });
}

/** Registers the codec routes under `/codec` (its own plugin: the CORS grant stays on these routes). */
export function codecRoutes(options: CodecEndpointOptions) {
  const bearerOk = bearerChecker(options.tokens);
  const pathTokenOk = pathTokenChecker(options.pathTokens ?? []);
  const allowedOrigins = new Set(options.corsOrigins);

  return async (app: FastifyInstance): Promise<void> => {
    // These routes do their own auth (below), so the API-wide bearer hook lets them through;
    // that includes the CORS preflight route, which a browser calls without credentials.
    // The path token must never reach the request log: it logs the route pattern instead.
    app.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true, logRoutePattern: true };
    });
    await app.register(cors, {
      origin: [...allowedOrigins],
      methods: ['POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
      maxAge: 600,
    });
    app.addHook('onRequest', async (request: FastifyRequest<{ Params: { token?: string } }>, reply: FastifyReply) => {
      if (request.method === 'OPTIONS') return; // preflight: answered (or not granted) by @fastify/cors
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin)) {
        return reply.code(403).send(errorBody('origin_not_allowed', 'this origin may not call the codec endpoint (CODEC_CORS_ORIGINS)'));
      }
      const authorised = request.params.token !== undefined ? pathTokenOk(request.params.token) : bearerOk(request.headers.authorization);
      if (!authorised) return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'unauthorized'));
      const namespace = request.headers['x-namespace'];
      if (typeof namespace === 'string' && namespace !== '' && namespace !== options.namespace) {
        return reply.code(400).send(errorBody('wrong_namespace', `this codec serves the namespace "${options.namespace}", not "${namespace.slice(0, 100)}"`));
      }
    });

    const run = async (direction: 'encode' | 'decode', payloads: Payload[]): Promise<Payload[]> => {
      const codecs = direction === 'encode' ? options.payloadCodecs : [...options.payloadCodecs].reverse();
      let out = payloads;
      for (const codec of codecs) out = await codec[direction](out);
      return out;
    };
    const handler = (direction: 'encode' | 'decode') => async (request: FastifyRequest) => {
      const payloads = payloadsOf(request.body);
      let converted: Payload[];
      try {
        converted = await run(direction, payloads);
      } catch (err) {
        // Unknown key id, wrong key, altered data: the codec's message names the key id, never data.
        throw new ApiError(422, `${direction}_failed`, `could not ${direction} the payloads: ${(err as Error).message}`);
      }
      return { payloads: converted.map(payloadToJSON) };
    };
    const bodyLimit = options.bodyLimitBytes ?? 16 * 1024 * 1024;
    for (const direction of ['encode', 'decode'] as const) {
      app.post(`/${direction}`, { bodyLimit }, handler(direction));
      app.post(`/:token/${direction}`, { bodyLimit }, handler(direction));
    }
  };
}
