/**
 * The Telegram Bot API emulator as an HTTP server: `/bot<token>/<method>` for the real grammY
 * client (its `apiRoot` points here) and `/_control/` for tests and other processes. Faults
 * apply to Bot API calls only; tokens are checked for shape and never echoed or logged.
 */
import type { Chat, Update, User } from 'grammy/types';
import { dropConnection, sendJson, startHttpServer } from '../common/http';
import { FaultInjector, type FaultConfig } from '../common/faults';
import { handleTelegramControl } from './control-api';
import { TelegramEmulatorCore, type TelegramCoreOptions } from './emulator-core';
import { TelegramApiError, injectedFault, methodNotFound, unauthorized } from './errors';
import type { Injection, InjectionResult } from './inject-update';
import { readBotParams } from './params';
import type { TelegramLimits } from './rate-limiter';
import type { CallbackAnswer, ChatSeed, SentMessage, UserSeed } from './types';

/** Where to listen and how the emulated world starts. */
export interface TelegramEmulatorOptions extends TelegramCoreOptions {
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  faults?: FaultConfig;
}

/** A running Telegram emulator with in-process helpers mirroring its control API. */
export interface TelegramEmulator {
  /** The grammY `apiRoot`, e.g. `http://127.0.0.1:43123` (no trailing slash, as grammY requires). */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  /** The emulator's behaviour without HTTP, for assertions the helpers don't cover. */
  readonly core: TelegramEmulatorCore;
  /** Messages the bot sent into a chat (id or @username), or into all chats. */
  sentMessages(chat?: number | string): SentMessage[];
  /** Makes something happen on Telegram's side (a post, a `/start`, a button press). */
  injectUpdate(injection: Injection): InjectionResult;
  addChat(seed: ChatSeed): Chat;
  addUser(seed: UserSeed): User;
  setBlocked(userId: number, blocked: boolean): void;
  pendingUpdates(): Update[];
  callbackAnswers(): CallbackAnswer[];
  limits(): TelegramLimits;
  setLimits(limits: Partial<TelegramLimits>): TelegramLimits;
  /** Back to the start state, faults included. */
  reset(): void;
  close(): Promise<void>;
}

const TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{1,100}$/;
const BOT_PATH = /^\/bot([^/]*)\/([^/]+)\/?$/;

/** Starts the emulator and resolves once it listens. */
export async function startTelegramEmulator(options: TelegramEmulatorOptions = {}): Promise<TelegramEmulator> {
  const log = options.log ?? (() => undefined);
  const core = new TelegramEmulatorCore(options);
  const faults = new FaultInjector(options.faults ?? {});
  const resetFaults = (): void => {
    faults.reset();
    faults.configure(options.faults ?? {});
  };

  const server = await startHttpServer({
    host: options.host,
    port: options.port,
    handler: async (req, res, url) => {
      if (await handleTelegramControl(req, res, url, core, faults, resetFaults)) return;
      const started = Date.now();
      const path = BOT_PATH.exec(url.pathname);
      const method = path?.[2] ?? '(none)';
      const answer = (status: number, body: unknown): void => {
        if (res.writableEnded || res.destroyed) return;
        sendJson(res, status, body);
        log(`${req.method} ${method} ${status} ${Date.now() - started}ms`);
      };
      try {
        if (!path) throw methodNotFound();
        // The request is read before any latency: a slow answer still carries out the call,
        // as at Telegram, so a client that gives up meanwhile can't know whether it happened.
        const params = await readBotParams(req, url);
        const decision = await faults.decide();
        if (decision.kind === 'outage') {
          log(`${req.method} ${method} dropped (outage)`);
          dropConnection(req, res);
          return;
        }
        if (decision.kind === 'error') throw injectedFault(decision.status, decision.retryAfterSeconds);
        const token = TOKEN.exec(safeDecode(path[1]));
        if (!token) throw unauthorized();
        const gone = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) gone.abort();
        });
        const result = await core.call(Number(token[1]), method, params, gone.signal);
        answer(200, { ok: true, result });
      } catch (err) {
        if (err instanceof TelegramApiError) answer(err.status, err.toBody());
        else throw err;
      }
    },
  });

  return {
    url: server.url,
    port: server.port,
    faults,
    core,
    sentMessages: (chat) => core.sentMessages(chat),
    injectUpdate: (injection) => core.injectUpdate(injection),
    addChat: (seed) => core.addChat(seed),
    addUser: (seed) => core.addUser(seed),
    setBlocked: (userId, blocked) => core.state.setBlocked(userId, blocked),
    pendingUpdates: () => core.pendingUpdates(),
    callbackAnswers: () => core.callbackAnswers(),
    limits: () => core.limits(),
    setLimits: (limits) => core.setLimits(limits),
    reset: () => {
      core.reset();
      resetFaults();
    },
    close: async () => {
      core.close();
      await server.close();
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
