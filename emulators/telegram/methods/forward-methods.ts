/**
 * forwardMessage and deleteMessage, as the Bot API documents them. A forward is a new message in
 * the target chat (counted against that chat's flood limits) carrying the original's content and
 * its origin; of an inline keyboard only URL buttons survive a forward, as in Telegram. Deleting
 * follows Telegram's rights: the bot's own messages, incoming ones in private chats, anyone's
 * where it is an administrator with `can_delete_messages` (any in a group it administers), and
 * only messages younger than 48 hours.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageOrigin } from 'grammy/types';
import { limitKindOf, requireChat, requireReadableChat, requireWritableChat } from '../chat-access';
import { badRequest, forbidden } from '../errors';
import type { ChatEntry } from '../state';
import { unixNow, type BotMethod } from './bot-method';
import { messageBase, record } from './send-methods';

const DELETE_WINDOW_SECONDS = 48 * 3600;

/** forwardMessage: the message `message_id` of `from_chat_id`, forwarded into `chat_id`. */
export const forwardMessage: BotMethod = (params, ctx) => {
  const target = requireWritableChat(ctx.state, params.chatId());
  const source = requireReadableChat(ctx.state, params.chatId('from_chat_id'));
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const original = source.messages.get(messageId);
  if (!original) throw badRequest('message to forward not found');
  if (source.protectedContent || original.has_protected_content) throw badRequest("message has protected content and can't be forwarded");
  ctx.limiter.admit(target.chat.id, limitKindOf(target));

  const keyboard = urlButtonsOnly(original.reply_markup);
  const message = {
    ...messageBase(ctx, target),
    forward_origin: originOf(source, original),
    ...(original.text !== undefined ? { text: original.text } : {}),
    ...(original.entities ? { entities: original.entities } : {}),
    ...(original.photo ? { photo: original.photo } : {}),
    ...(original.caption !== undefined ? { caption: original.caption } : {}),
    ...(original.caption_entities ? { caption_entities: original.caption_entities } : {}),
    ...(keyboard ? { reply_markup: keyboard } : {}),
    ...(params.bool('protect_content') ? { has_protected_content: true } : {}),
  } as Message;
  record(target, message, {
    method: 'forwardMessage',
    ...(original.text !== undefined ? { text: original.text } : {}),
    ...(original.caption !== undefined ? { caption: original.caption } : {}),
    plainText: original.text ?? original.caption ?? '',
    entities: original.entities ?? original.caption_entities ?? [],
    photos: original.photo ? [original.photo[original.photo.length - 1].file_id] : [],
    ...(keyboard ? { replyMarkup: keyboard } : {}),
  });
  return message;
};

/** deleteMessage: removes a message for everyone, if the bot may. */
export const deleteMessage: BotMethod = (params, ctx) => {
  const entry = requireChat(ctx.state, params.chatId());
  if (entry.botStatus === 'kicked' || entry.botStatus === 'left') {
    throw forbidden(`bot is not a member of the ${entry.chat.type === 'channel' ? 'channel' : 'group'} chat`);
  }
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const message = entry.messages.get(messageId);
  if (!message) throw badRequest('message to delete not found');
  const sent = entry.sent.find((s) => s.messageId === messageId && s.deletedDate === undefined);
  if (!mayDelete(entry, sent !== undefined) || unixNow() - message.date > DELETE_WINDOW_SECONDS) throw badRequest("message can't be deleted");
  entry.messages.delete(messageId);
  if (sent) sent.deletedDate = unixNow();
  return true;
};

function mayDelete(entry: ChatEntry, own: boolean): boolean {
  switch (entry.chat.type) {
    case 'private':
      return true; // outgoing and incoming
    case 'group':
      return own || entry.botStatus === 'administrator';
    case 'supergroup':
      return own || (entry.botStatus === 'administrator' && entry.rights.can_delete_messages);
    case 'channel':
      if (entry.botStatus !== 'administrator') return false;
      return entry.rights.can_delete_messages || (own && entry.rights.can_post_messages);
  }
}

/** Where a forward says it came from: a forwarded message keeps its first origin. */
function originOf(source: ChatEntry, original: Message): MessageOrigin {
  if (original.forward_origin) return original.forward_origin;
  if (source.chat.type === 'channel') {
    return {
      type: 'channel',
      chat: source.chat as Message['sender_chat'] & { type: 'channel' },
      message_id: original.message_id,
      date: original.date,
      ...(original.author_signature ? { author_signature: original.author_signature } : {}),
    } as MessageOrigin;
  }
  if (original.sender_chat) return { type: 'chat', sender_chat: original.sender_chat, date: original.date } as MessageOrigin;
  return { type: 'user', sender_user: original.from!, date: original.date } as MessageOrigin;
}

/** An inline keyboard reduced to its URL buttons; undefined when none are left. */
function urlButtonsOnly(markup: InlineKeyboardMarkup | undefined): InlineKeyboardMarkup | undefined {
  if (!markup) return undefined;
  const rows = markup.inline_keyboard
    .map((row) => row.filter((b): b is InlineKeyboardButton.UrlButton => typeof (b as { url?: unknown }).url === 'string'))
    .filter((row) => row.length > 0);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}
