/**
 * editMessageText, editMessageCaption and editMessageReplyMarkup, with Telegram's rules: the
 * bot's own messages, and in a channel where it has `can_edit_messages` other admins' posts too
 * (as in Telegram, where such a bot can put buttons on anyone's post); "message is not modified"
 * when nothing changes; editing text without `reply_markup` drops the inline keyboard.
 */
import type { InlineKeyboardMarkup, Message, MessageEntity } from 'grammy/types';
import { requireChat } from '../chat-access';
import { badRequest } from '../errors';
import type { BotParams } from '../params';
import { isInlineKeyboard, validateReplyMarkup } from '../reply-markup';
import type { ChatEntry } from '../state';
import { unixNow, type BotCallContext, type BotMethod } from './bot-method';
import { formatCaption, formatMessageText } from '../text-content';
import type { SentMessage } from '../types';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** editMessageText: new text (and keyboard) for a text message the bot may edit. */
export const editMessageText: BotMethod = (params, ctx) => {
  const { entry, current, sent } = editableMessage(params, ctx);
  if (current.text === undefined) throw badRequest('there is no text in the message to edit');
  const content = formatMessageText(params.string('text'), params.string('parse_mode'), params.json('entities', "can't parse entities JSON object"));
  const keyboard = inlineKeyboardParam(params);
  if (content.text === current.text && sameEntities(content.entities, current.entities) && sameKeyboard(keyboard, current.reply_markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  const message = withoutContent(current);
  Object.assign(message, {
    text: content.text,
    ...(content.entities.length ? { entities: content.entities } : {}),
    ...(keyboard ? { reply_markup: keyboard } : {}),
    edit_date: unixNow(),
  });
  return update(entry, sent, message, {
    text: content.source,
    parseMode: content.parseMode,
    plainText: content.text,
    entities: content.entities,
    replyMarkup: keyboard,
  });
};

/** editMessageCaption: new caption (and keyboard) for a photo the bot may edit. */
export const editMessageCaption: BotMethod = (params, ctx) => {
  const { entry, current, sent } = editableMessage(params, ctx);
  if (current.photo === undefined) throw badRequest('there is no caption in the message to edit');
  const caption = formatCaption(params.string('caption') ?? '', params.string('parse_mode'), params.json('caption_entities', "can't parse entities JSON object"))!;
  const keyboard = inlineKeyboardParam(params);
  if (caption.text === (current.caption ?? '') && sameEntities(caption.entities, current.caption_entities) && sameKeyboard(keyboard, current.reply_markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  const message = withoutContent(current);
  Object.assign(message, {
    photo: current.photo,
    ...(caption.text ? { caption: caption.text } : {}),
    ...(caption.entities.length ? { caption_entities: caption.entities } : {}),
    ...(keyboard ? { reply_markup: keyboard } : {}),
    edit_date: unixNow(),
  });
  return update(entry, sent, message, {
    caption: caption.source,
    parseMode: caption.parseMode,
    plainText: caption.text,
    entities: caption.entities,
    replyMarkup: keyboard,
  });
};

/** editMessageReplyMarkup: replaces (or removes) the inline keyboard of a message the bot may edit. */
export const editMessageReplyMarkup: BotMethod = (params, ctx) => {
  const { entry, current, sent } = editableMessage(params, ctx);
  const keyboard = inlineKeyboardParam(params);
  if (sameKeyboard(keyboard, current.reply_markup)) throw badRequest(NOT_MODIFIED);
  const message: Message = { ...current, edit_date: unixNow() } as Message;
  delete (message as { reply_markup?: unknown }).reply_markup;
  if (keyboard) Object.assign(message, { reply_markup: keyboard });
  return update(entry, sent, message, { replyMarkup: keyboard });
};

function editableMessage(params: BotParams, ctx: BotCallContext): { entry: ChatEntry; current: Message; sent?: SentMessage } {
  if (params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const entry = requireChat(ctx.state, params.chatId());
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const current = entry.messages.get(messageId);
  if (!current) throw badRequest('message to edit not found');
  const sent = entry.sent.find((s) => s.messageId === messageId && s.deletedDate === undefined);
  if (!mayEdit(entry, sent !== undefined)) throw badRequest("message can't be edited");
  return { entry, current, sent };
}

/** Own messages anywhere the bot can still act; in a channel, anyone's with `can_edit_messages`. */
function mayEdit(entry: ChatEntry, own: boolean): boolean {
  if (entry.chat.type !== 'channel') return own;
  if (entry.botStatus !== 'administrator') return false;
  return entry.rights.can_edit_messages || (own && entry.rights.can_post_messages);
}

function inlineKeyboardParam(params: BotParams): InlineKeyboardMarkup | undefined {
  const markup = validateReplyMarkup(params.json('reply_markup', "can't parse reply keyboard markup JSON object"));
  if (markup === undefined) return undefined;
  if (!isInlineKeyboard(markup)) throw badRequest('inline keyboard expected');
  return markup.inline_keyboard.length > 0 ? markup : undefined;
}

function withoutContent(message: Message): Message {
  const copy = { ...message } as Record<string, unknown>;
  for (const key of ['text', 'entities', 'caption', 'caption_entities', 'reply_markup']) delete copy[key];
  return copy as unknown as Message;
}

function update(entry: ChatEntry, sent: SentMessage | undefined, message: Message, fields: Partial<SentMessage>): Message {
  entry.messages.set(message.message_id, message);
  if (!sent) return message;
  const { replyMarkup, parseMode, ...rest } = fields;
  Object.assign(sent, rest, { editDate: message.edit_date, message });
  if (replyMarkup) sent.replyMarkup = replyMarkup;
  else delete sent.replyMarkup;
  if ('parseMode' in fields) {
    if (parseMode) sent.parseMode = parseMode;
    else delete sent.parseMode;
  }
  return message;
}

function sameEntities(a: MessageEntity[], b: MessageEntity[] | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b ?? []);
}

function sameKeyboard(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  return JSON.stringify(a?.inline_keyboard ?? []) === JSON.stringify(b?.inline_keyboard ?? []);
}
