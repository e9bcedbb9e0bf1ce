/**
 * Whether the bot may write into a chat, answered the way Telegram answers it: unknown chats are
 * "chat not found", channels need the bot as administrator, users who blocked the bot give 403 —
 * the errors the product must classify as non-retryable.
 */
import { badRequest, forbidden } from './errors';
import type { ChatLimitKind } from './rate-limiter';
import type { ChatEntry, TelegramState } from './state';

/** Resolves `chat_id` or fails with Telegram's "chat not found". */
export function requireChat(state: TelegramState, ref: number | string): ChatEntry {
  const entry = state.resolveChat(ref);
  if (!entry) throw badRequest('chat not found');
  return entry;
}

/** Resolves `chat_id` and checks the bot may send messages there. */
export function requireWritableChat(state: TelegramState, ref: number | string): ChatEntry {
  const entry = requireChat(state, ref);
  const { chat, botStatus } = entry;
  if (chat.type === 'private') {
    const user = state.user(chat.id);
    if (user?.user.is_bot) throw forbidden("bot can't send messages to bots");
    if (user?.blocked) throw forbidden('bot was blocked by the user');
    return entry;
  }
  const noun = chat.type === 'channel' ? 'channel chat' : chat.type === 'supergroup' ? 'supergroup chat' : 'group chat';
  if (botStatus === 'kicked') throw forbidden(`bot was kicked from the ${noun}`);
  if (botStatus === 'left') throw forbidden(`bot is not a member of the ${noun}`);
  if (chat.type === 'channel' && (botStatus !== 'administrator' || !entry.rights.can_post_messages)) throw badRequest('need administrator rights in the channel chat');
  return entry;
}

/** Resolves a chat messages are read from (forwardMessage's `from_chat_id`): the bot must be in it. */
export function requireReadableChat(state: TelegramState, ref: number | string): ChatEntry {
  const entry = requireChat(state, ref);
  // A bot sees a channel only as its administrator, and a group only as a member.
  if (entry.botStatus === 'left' || entry.botStatus === 'kicked') throw badRequest('chat not found');
  if (entry.chat.type === 'channel' && entry.botStatus !== 'administrator') throw badRequest('chat not found');
  return entry;
}

/** Which flood limit applies to a chat. */
export function limitKindOf(entry: ChatEntry): ChatLimitKind {
  return entry.chat.type === 'private' ? 'private' : 'group';
}
