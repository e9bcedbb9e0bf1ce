/**
 * Validation of `reply_markup`: the listing's "contacts" button is a URL button (a deep link
 * into the bot) and subscription offers use callback buttons, so the emulator rejects the
 * malformed keyboards Telegram rejects instead of recording them.
 */
import type { ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { badRequest } from './errors';

/** Any keyboard a message can carry. */
export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

const BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
] as const;

/** Checks a keyboard the way Telegram does; returns it unchanged when valid. */
export function validateReplyMarkup(value: unknown): ReplyMarkup | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = value as Record<string, unknown>;
  if ('inline_keyboard' in markup) {
    validateInlineKeyboard(markup.inline_keyboard);
    return markup as unknown as InlineKeyboardMarkup;
  }
  if ('keyboard' in markup) {
    if (!Array.isArray(markup.keyboard) || !markup.keyboard.every(Array.isArray)) {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    return markup as unknown as ReplyKeyboardMarkup;
  }
  if (markup.remove_keyboard === true) return markup as unknown as ReplyKeyboardRemove;
  if (markup.force_reply === true) return markup as unknown as ForceReply;
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Only an inline keyboard can be attached to channel posts and edited later. */
export function isInlineKeyboard(markup: ReplyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

function validateInlineKeyboard(rows: unknown): void {
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const button of row) validateButton(button);
  }
}

function validateButton(value: unknown): void {
  if (value === null || typeof value !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const button = value as Partial<InlineKeyboardButton> & Record<string, unknown>;
  if (typeof button.text !== 'string') throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  if (button.text.trim() === '') throw badRequest('can\'t parse inline keyboard button: Text buttons are unallowed in the inline keyboard');
  const actions = BUTTON_ACTIONS.filter((k) => button[k] !== undefined);
  if (actions.length !== 1) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.url !== undefined) {
    if (typeof button.url !== 'string' || !isButtonUrl(button.url)) {
      throw badRequest(`inline keyboard button URL '${String(button.url)}' is invalid: Wrong HTTP URL`);
    }
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    if (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') < 1 || Buffer.byteLength(data, 'utf8') > 64) {
      throw badRequest('BUTTON_DATA_INVALID');
    }
  }
}

function isButtonUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol === 'tg:') return true;
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
