/**
 * The Telegram emulator's control API under `/_control/` (JSON): what a test or a second process
 * uses to set the scene (chats, users, limits, faults), make things happen (inject updates, post,
 * edit and delete in channels the bot may not even be in) and
 * look at the outcome (messages sent, every message of a chat, requests received, callback
 * answers). Never subject to faults or limits.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleFaultControl, readJson, sendJson, replyControlError } from '../common/http';
import type { FaultInjector } from '../common/faults';
import type { TelegramEmulatorCore } from './emulator-core';
import type { Injection } from './inject-update';
import type { ChannelPostDelete, ChannelPostEdit, ChannelPostInput } from './channel-posts';
import { telegramLimitsSchema } from './rate-limiter';
import type { ChatSeed, UserSeed } from './types';

/** Serves `/_control/*`; returns false for other paths. */
export async function handleTelegramControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: TelegramEmulatorCore,
  faults: FaultInjector,
): Promise<boolean> {
  if (!url.pathname.startsWith('/_control/')) return false;
  if (await handleFaultControl(req, res, url, faults)) return true;
  const route = `${req.method ?? 'GET'} ${url.pathname.slice('/_control'.length)}`;
  try {
    switch (route) {
      case 'GET /chats':
        return reply(res, 200, { chats: core.state.listChats() });
      case 'POST /chats':
        return reply(res, 200, { chat: core.addChat((await readJson(req)) as ChatSeed) });
      case 'GET /users':
        return reply(res, 200, { users: core.state.listUsers() });
      case 'POST /users':
        return reply(res, 200, { user: core.addUser((await readJson(req)) as UserSeed) });
      case 'POST /updates':
        return reply(res, 200, core.injectUpdate((await readJson(req)) as Injection));
      case 'POST /channel-posts':
        return reply(res, 200, core.addChannelPost((await readJson(req)) as ChannelPostInput));
      case 'POST /channel-posts/edit':
        return reply(res, 200, { message: core.editChannelPost((await readJson(req)) as ChannelPostEdit) });
      case 'POST /channel-posts/delete':
        return reply(res, 200, { deleted: core.deleteChannelPosts((await readJson(req)) as ChannelPostDelete) });
      case 'GET /updates':
        return reply(res, 200, { updates: core.pendingUpdates(), webhook: core.webhook.info() });
      case 'GET /messages': {
        const chatId = url.searchParams.get('chat_id');
        return reply(res, 200, { messages: core.sentMessages(chatId === null || chatId === '' ? undefined : chatId) });
      }
      case 'GET /history':
        return reply(res, 200, { messages: core.chatHistory(requiredChat(url)) });
      case 'GET /requests': {
        const chatId = url.searchParams.get('chat_id');
        return reply(res, 200, { requests: core.requestLog(chatId === null || chatId === '' ? undefined : chatId) });
      }
      case 'GET /callback-answers':
        return reply(res, 200, { answers: core.callbackAnswers() });
      case 'GET /limits':
        return reply(res, 200, core.limits());
      case 'POST /limits':
        return reply(res, 200, core.setLimits(telegramLimitsSchema.partial().parse(await readJson(req))));
      case 'POST /reset':
        core.reset();
        faults.restoreInitial();
        return reply(res, 200, { ok: true });
      default:
        return reply(res, 404, { error: `no control route ${route}` });
    }
  } catch (err) {
    // Injection mistakes, malformed JSON and impossible seeds are the caller's to fix.
    if (err instanceof Error) return replyControlError(res, err);
    throw err;
  }
}

function requiredChat(url: URL): string {
  const chat = url.searchParams.get('chat_id');
  if (!chat) throw new Error('chat_id is required, e.g. ?chat_id=@cars_listings');
  return chat;
}

function reply(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}
