/**
 * Posts by a channel's own admins, whatever the bot's standing there: what a seller's channel
 * that never added the bot looks like from outside. They land in the channel's history (so its
 * web preview shows them); only when the bot is an administrator does Telegram also hand them to
 * the bot, as `channel_post` (and `edited_channel_post` after an edit).
 */
import type { Message, Update } from 'grammy/types';
import { z } from 'zod';
import { contentMessages, InjectionError } from './inject-update';
import type { ChatEntry, TelegramState } from './state';
import type { UpdateQueue } from './update-queue';

const chatRef = z.union([z.number().int(), z.string().min(1)]);

/** A new post in a channel: text, or photos (an album when several) with a caption. */
export const channelPostSchema = z
  .object({
    chat: chatRef,
    text: z.string().min(1).optional(),
    /** File ids (issued on the fly when new) or a number of photos to generate. */
    photos: z.union([z.array(z.string().min(1)).min(1).max(10), z.number().int().min(1).max(10)]).optional(),
    caption: z.string().optional(),
    /** Unix seconds; default now (backdated posts model what was posted while a reader was away). */
    date: z.number().int().positive().optional(),
    message_id: z.number().int().positive().optional(),
    author_signature: z.string().optional(),
  })
  .strict();

/** An edit of a post's text (or an album's or photo's caption). */
export const channelPostEditSchema = z
  .object({ chat: chatRef, message_id: z.number().int().positive(), text: z.string().min(1), date: z.number().int().positive().optional() })
  .strict();

/** Posts to delete, by id. */
export const channelPostDeleteSchema = z.object({ chat: chatRef, message_ids: z.array(z.number().int().positive()).min(1) }).strict();

export type ChannelPostInput = z.input<typeof channelPostSchema>;
export type ChannelPostEdit = z.input<typeof channelPostEditSchema>;
export type ChannelPostDelete = z.input<typeof channelPostDeleteSchema>;

/** What adding a post did: its messages (one per photo of an album) and whether the bot got them. */
export interface ChannelPostResult {
  messages: Message[];
  /** True when the bot is an administrator of the channel and the updates were queued for it. */
  deliveredToBot: boolean;
}

/** Adds a post to a channel's history; the bot hears of it only where it is an administrator. */
export function addChannelPost(state: TelegramState, queue: UpdateQueue, input: ChannelPostInput): ChannelPostResult {
  const post = channelPostSchema.parse(input);
  const entry = channelEntry(state, post.chat);
  const messages = contentMessages(state, entry, post, {
    sender_chat: entry.chat,
    ...(post.author_signature ? { author_signature: post.author_signature } : {}),
  }, post.message_id);
  const deliveredToBot = entry.botStatus === 'administrator';
  if (deliveredToBot) for (const m of messages) queue.enqueue({ channel_post: m } as Omit<Update, 'update_id'>);
  return { messages, deliveredToBot };
}

/** Edits a post's text or caption, as its author would; the bot gets `edited_channel_post` where it is an administrator. */
export function editChannelPost(state: TelegramState, queue: UpdateQueue, input: ChannelPostEdit): Message {
  const edit = channelPostEditSchema.parse(input);
  const entry = channelEntry(state, edit.chat);
  const message = entry.messages.get(edit.message_id);
  if (!message) throw new InjectionError(`no message ${edit.message_id} in ${describe(entry)}`);
  const editDate = edit.date ?? Math.floor(Date.now() / 1000);
  // The new text carries no formatting: the old entities no longer fit it.
  const { entities: _entities, caption_entities: _captionEntities, ...rest } = message;
  const edited = (message.photo ? { ...rest, caption: edit.text, edit_date: editDate } : { ...rest, text: edit.text, edit_date: editDate }) as Message;
  entry.messages.set(edit.message_id, edited);
  if (entry.botStatus === 'administrator') queue.enqueue({ edited_channel_post: edited } as Omit<Update, 'update_id'>);
  return edited;
}

/** Deletes posts from a channel; the web preview stops showing them (the Bot API sends no update for it). */
export function deleteChannelPosts(state: TelegramState, input: ChannelPostDelete): number[] {
  const request = channelPostDeleteSchema.parse(input);
  const entry = channelEntry(state, request.chat);
  return request.message_ids.filter((id) => entry.messages.delete(id));
}

function channelEntry(state: TelegramState, ref: string | number): ChatEntry {
  const entry = state.resolveChat(ref);
  if (!entry) throw new InjectionError(`unknown chat ${ref}: add it first (POST /_control/chats)`);
  if (entry.chat.type !== 'channel') throw new InjectionError(`${describe(entry)} is not a channel`);
  return entry;
}

function describe(entry: ChatEntry): string {
  return entry.chat.username ? `@${entry.chat.username}` : String(entry.chat.id);
}
