/**
 * The table of emulated Bot API methods. Telegram matches method names case-insensitively, so
 * the table is keyed by lower-case name.
 */
import type { BotMethod } from './bot-method';
import { answerCallbackQuery, getChat, getMe } from './bot-methods';
import { editMessageCaption, editMessageReplyMarkup, editMessageText } from './edit-methods';
import { deleteMessage, forwardMessage } from './forward-methods';
import { sendMediaGroup, sendMessage, sendPhoto } from './send-methods';
import { deleteWebhook, getUpdates, getWebhookInfo, setWebhook } from './update-methods';

export type { BotCallContext, BotMethod } from './bot-method';

const METHODS: Record<string, BotMethod> = {
  getMe,
  getChat,
  sendMessage,
  sendPhoto,
  sendMediaGroup,
  forwardMessage,
  deleteMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  answerCallbackQuery,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};

const BY_LOWER_NAME = new Map(Object.entries(METHODS).map(([name, fn]) => [name.toLowerCase(), fn]));

/** Looks up a method by name as Telegram does (case-insensitive); undefined for unknown ones. */
export function findBotMethod(name: string): BotMethod | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** Names of the emulated methods (for docs and error messages). */
export const BOT_METHOD_NAMES: readonly string[] = Object.keys(METHODS);
