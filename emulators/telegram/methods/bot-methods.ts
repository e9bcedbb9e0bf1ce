/**
 * getMe, getChat and answerCallbackQuery: what health checks and the contacts button need
 * besides sending, with Telegram's errors for unknown chats and stale callback queries.
 */
import type { ChatFullInfo } from 'grammy/types';
import { requireChat } from '../chat-access';
import { badRequest } from '../errors';
import { unixNow, type BotMethod } from './bot-method';

/** getMe: the bot behind the token (health checks, deep-link usernames). */
export const getMe: BotMethod = (_params, ctx) => ctx.me;

/** getChat: a chat the bot can see, e.g. to check the publishing channel exists. */
export const getChat: BotMethod = (params, ctx) => {
  const entry = requireChat(ctx.state, params.chatId());
  return { ...entry.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false } } as unknown as ChatFullInfo;
};

/** answerCallbackQuery: closes the spinner of a button press, optionally with a notice. */
export const answerCallbackQuery: BotMethod = (params, ctx) => {
  const id = params.string('callback_query_id');
  if (!id) throw badRequest('parameter "callback_query_id" is required');
  const query = ctx.state.callbackQuery(id);
  if (!query || query.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  const text = params.string('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  query.answered = true;
  const url = params.string('url');
  ctx.state.callbackAnswers.push({
    callbackQueryId: id,
    ...(text !== undefined ? { text } : {}),
    showAlert: params.bool('show_alert') ?? false,
    ...(url !== undefined ? { url } : {}),
    date: unixNow(),
  });
  return true;
};
