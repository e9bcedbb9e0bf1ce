/**
 * The Telegram Bot API emulator as an HTTP server: `/bot<token>/<method>` for the real grammY
 * client (its `apiRoot` points here) and `/_control/` for tests and other processes. Faults
 * apply to Bot API calls only; tokens are checked for shape and never echoed or logged.
 */
import type { Chat, Message, Update, User } from 'grammy/types';
import { dropConnection, sendJson, startHttpServer } from '../common/http';
import { FaultInjector, type FaultConfig } from '../common/faults';
import { handleTelegramControl } from './control-api';
import { handleChannelPreview } from './preview-route';
import { chatViewPath, handleChatView } from './chat-view';
import { TelegramEmulatorCore, type TelegramCoreOptions } from './emulator-core';
import { TelegramApiError, injectedFault, methodNotFound, unauthorized } from './errors';
import type { Injection, InjectionResult } from './inject-update';
import type { ChannelPostDelete, ChannelPostEdit, ChannelPostInput, ChannelPostResult } from './channel-posts';
import { readBotParams } from './params';
import type { LoggedRequest } from './request-log';
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
  /** A post by the channel's own admins, in its history and web preview; the bot gets it only as an administrator. */
  addChannelPost(post: ChannelPostInput): ChannelPostResult;
  editChannelPost(edit: ChannelPostEdit): Message;
  deleteChannelPosts(request: ChannelPostDelete): number[];
  /** The channel's web preview URL (`<url>/s/<username>`), as t.me/s/<username>. */
  previewUrl(username: string): string;
  /** The HTML view of a chat (id or @username) as a client draws it, or of the chat list without one. */
  chatViewUrl(chat?: number | string): string;
  /** Makes something happen on Telegram's side (a post, a `/start`, a button press). */
  injectUpdate(injection: Injection): InjectionResult;
  addChat(seed: ChatSeed): Chat;
  addUser(seed: UserSeed): User;
  setBlocked(userId: number, blocked: boolean): void;
  pendingUpdates(): Update[];
  /** Every message now in a chat, anyone's (other admins' posts included). */
  chatHistory(chat: number | string): Message[];
  /** Bot API requests received, all or those naming `chat`, with arrival and answer times. */
  requestLog(chat?: number | string): LoggedRequest[];
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

  const server = await startHttpServer({
    host: options.host,
    port: options.port,
    handler: async (req, res, url) => {
      if (await handleTelegramControl(req, res, url, core, faults)) return;
      if (await handleChannelPreview(req, res, url, core, faults, log)) return;
      if (handleChatView(req, res, url, core)) return;
      const started = Date.now();
      const path = BOT_PATH.exec(url.pathname);
      const method = path?.[2] ?? '(none)';
      const answer = (status: number, body: unknown): void => {
        if (res.writableEnded || res.destroyed) return;
        sendJson(res, status, body);
        log(`${req.method} ${method} ${status} ${Date.now() - started}ms`);
      };
      let logged: LoggedRequest | undefined;
      let target: number | string | undefined;
      try {
        if (!path) throw methodNotFound();
        // The request is read before any latency: a slow answer still carries out the call,
        // as at Telegram, so a client that gives up meanwhile can't know whether it happened.
        const params = await readBotParams(req, url);
        const raw = params.raw();
        target = core.resolveChatId(raw.chat_id);
        const chats = [target, core.resolveChatId(raw.from_chat_id)].filter((c): c is number | string => c !== undefined);
        logged = core.requests.received(method, chats);
        const decision = await faults.decide(method);
        if (decision.kind === 'outage') {
          log(`${req.method} ${method} dropped (outage)`);
          core.requests.answered(logged, 0);
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
        if (logged) core.requests.answered(logged, 200);
        answer(200, { ok: true, result });
      } catch (err) {
        if (!(err instanceof TelegramApiError)) {
          if (logged) core.requests.answered(logged, 500);
          throw err;
        }
        // A flood wait is the chat's: later sends into it are refused until it has passed.
        if (err.status === 429 && err.retryAfter !== undefined && typeof target === 'number') core.limiter.block(target, err.retryAfter);
        if (logged) core.requests.answered(logged, err.status, err.retryAfter);
        answer(err.status, err.toBody());
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
    addChannelPost: (post) => core.addChannelPost(post),
    editChannelPost: (edit) => core.editChannelPost(edit),
    deleteChannelPosts: (request) => core.deleteChannelPosts(request),
    previewUrl: (username) => `${server.url}/s/${username.replace(/^@/, '')}`,
    chatViewUrl: (chat) => `${server.url}${chat === undefined ? '/chats' : typeof chat === 'number' ? chatViewPath({ id: chat }) : chatViewPath({ id: 0, username: chat })}`,
    addChat: (seed) => core.addChat(seed),
    addUser: (seed) => core.addUser(seed),
    setBlocked: (userId, blocked) => core.state.setBlocked(userId, blocked),
    pendingUpdates: () => core.pendingUpdates(),
    chatHistory: (chat) => core.chatHistory(chat),
    requestLog: (chat) => core.requestLog(chat),
    callbackAnswers: () => core.callbackAnswers(),
    limits: () => core.limits(),
    setLimits: (limits) => core.setLimits(limits),
    reset: () => {
      core.reset();
      faults.restoreInitial();
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
