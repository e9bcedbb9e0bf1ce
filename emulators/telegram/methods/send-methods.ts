/**
 * sendMessage, sendPhoto and sendMediaGroup: validated like Telegram (chat, rights, text and
 * caption limits, HTML, keyboards, album size), throttled by the flood limits, and recorded per
 * chat so tests can assert on exactly what a subscriber or channel reader would see.
 */
import type { Message } from 'grammy/types';
import { limitKindOf, requireWritableChat } from '../chat-access';
import { badRequest } from '../errors';
import type { BotParams } from '../params';
import { isInlineKeyboard, validateReplyMarkup, type ReplyMarkup } from '../reply-markup';
import type { ChatEntry } from '../state';
import { formatCaption, formatMessageText, type FormattedContent } from '../text-content';
import type { SentMessage } from '../types';
import { unixNow, type BotCallContext, type BotMethod } from './bot-method';
import { resolvePhoto } from './photo-input';

const MARKUP_ERROR = "can't parse reply keyboard markup JSON object";

/** sendMessage: a text message, optionally with HTML and a keyboard. */
export const sendMessage: BotMethod = (params, ctx) => {
  const entry = requireWritableChat(ctx.state, params.chatId());
  const content = formatMessageText(params.string('text'), params.string('parse_mode'), params.json('entities', "can't parse entities JSON object"));
  const replyMarkup = validateReplyMarkup(params.json('reply_markup', MARKUP_ERROR));
  const linkPreviewDisabled = readLinkPreviewDisabled(params);
  ctx.limiter.admit(entry.chat.id, limitKindOf(entry));

  const message = {
    ...messageBase(ctx, entry),
    text: content.text,
    ...(content.entities.length ? { entities: content.entities } : {}),
    ...(isInlineKeyboard(replyMarkup) ? { reply_markup: replyMarkup } : {}),
  } as Message;
  record(entry, message, {
    method: 'sendMessage',
    text: content.source,
    ...contentFields(content),
    photos: [],
    replyMarkup,
    ...(linkPreviewDisabled !== undefined ? { linkPreviewDisabled } : {}),
  });
  return message;
};

/** sendPhoto: one photo (file id, URL or upload) with an optional caption and keyboard. */
export const sendPhoto: BotMethod = (params, ctx) => {
  const entry = requireWritableChat(ctx.state, params.chatId());
  const photo = resolvePhoto(ctx.state, params, params.string('photo'));
  const caption = formatCaption(params.string('caption'), params.string('parse_mode'), params.json('caption_entities', "can't parse entities JSON object"));
  const replyMarkup = validateReplyMarkup(params.json('reply_markup', MARKUP_ERROR));
  ctx.limiter.admit(entry.chat.id, limitKindOf(entry));

  const message = {
    ...messageBase(ctx, entry),
    photo: photo.sizes,
    ...captionFields(caption),
    ...(isInlineKeyboard(replyMarkup) ? { reply_markup: replyMarkup } : {}),
  } as Message;
  record(entry, message, {
    method: 'sendPhoto',
    ...(caption ? { caption: caption.source, ...contentFields(caption) } : { plainText: '', entities: [] }),
    photos: [photo.reference],
    replyMarkup,
  });
  return message;
};

/** sendMediaGroup: an album of 2-10 photos, each a separate message sharing a media_group_id. */
export const sendMediaGroup: BotMethod = (params, ctx) => {
  const entry = requireWritableChat(ctx.state, params.chatId());
  if (!params.has('media')) throw badRequest('parameter "media" is required');
  const media = params.json('media', "can't parse media JSON object");
  if (!Array.isArray(media)) throw badRequest("can't parse media JSON object");
  if (media.length === 0) throw badRequest('there are no messages to send');
  if (media.length > 10) throw badRequest('too many messages to send as an album');
  if (media.length < 2) throw badRequest('media group must include 2-10 items');

  const items = media.map((raw: unknown, index) => {
    if (raw === null || typeof raw !== 'object') throw badRequest("can't parse InputMedia: media isn't an object");
    const item = raw as Record<string, unknown>;
    if (item.type !== 'photo') {
      throw badRequest(`can't parse InputMedia: media type "${String(item.type)}" is not supported by the emulator (photo only)`);
    }
    try {
      const photo = resolvePhoto(ctx.state, params, item.media);
      const caption = formatCaption(
        typeof item.caption === 'string' ? item.caption : undefined,
        typeof item.parse_mode === 'string' ? item.parse_mode : undefined,
        item.caption_entities,
      );
      return { photo, caption };
    } catch (err) {
      const description = err instanceof Error ? err.message.replace(/^Bad Request: /, '') : String(err);
      throw badRequest(`failed to send message #${index + 1} with the error message "${capitalize(description)}"`);
    }
  });
  ctx.limiter.admit(entry.chat.id, limitKindOf(entry));

  const mediaGroupId = ctx.state.newMediaGroupId();
  return items.map(({ photo, caption }) => {
    const message = {
      ...messageBase(ctx, entry),
      media_group_id: mediaGroupId,
      photo: photo.sizes,
      ...captionFields(caption),
    } as Message;
    record(entry, message, {
      method: 'sendMediaGroup',
      ...(caption ? { caption: caption.source, ...contentFields(caption) } : { plainText: '', entities: [] }),
      photos: [photo.reference],
      mediaGroupId,
    });
    return message;
  });
};

/** The fields every message the bot sends has: id, date, chat, and who sent it. */
export function messageBase(ctx: BotCallContext, entry: ChatEntry): Pick<Message, 'message_id' | 'date' | 'chat'> & Partial<Message> {
  const base = { message_id: ctx.state.allocateMessageId(entry), date: unixNow(), chat: entry.chat };
  // In channels the post is signed by the channel itself, elsewhere by the bot.
  return entry.chat.type === 'channel' ? { ...base, sender_chat: entry.chat } : { ...base, from: ctx.me };
}

function captionFields(caption: FormattedContent | undefined): Partial<Message> {
  if (!caption || caption.text === '') return {};
  return { caption: caption.text, ...(caption.entities.length ? { caption_entities: caption.entities } : {}) };
}

function contentFields(content: FormattedContent): Pick<SentMessage, 'plainText' | 'entities'> & { parseMode?: string } {
  return { plainText: content.text, entities: content.entities, ...(content.parseMode ? { parseMode: content.parseMode } : {}) };
}

/** Stores a message the bot sent into a chat, as readers see it and as tests look it up. */
export function record(
  entry: ChatEntry,
  message: Message,
  fields: Omit<SentMessage, 'chatId' | 'messageId' | 'date' | 'message' | 'replyMarkup'> & { replyMarkup?: ReplyMarkup },
): void {
  entry.messages.set(message.message_id, message);
  const { replyMarkup, ...rest } = fields;
  entry.sent.push({
    chatId: entry.chat.id,
    messageId: message.message_id,
    date: message.date,
    ...rest,
    ...(replyMarkup ? { replyMarkup } : {}),
    message,
  });
}

function readLinkPreviewDisabled(params: BotParams): boolean | undefined {
  const options = params.json('link_preview_options', "can't parse link preview options JSON object");
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw badRequest("can't parse link preview options JSON object");
    const disabled = (options as { is_disabled?: unknown }).is_disabled;
    return disabled === true;
  }
  return params.bool('disable_web_page_preview');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
