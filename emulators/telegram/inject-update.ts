/**
 * Builds the updates Telegram would create for things that happen outside the bot: a seller's
 * post in a source channel (text, photo, or an album of several photo messages sharing a
 * media_group_id), a user's `/start contact_42`, an admin forwarding a post, a button press.
 * Tests and the control API inject them instead of hand-writing update JSON.
 */
import type { Chat, Message, MessageEntity, MessageOrigin, Update, User } from 'grammy/types';
import { z } from 'zod';
import type { ChatEntry, TelegramState } from './state';
import { chatSeedSchema, userSeedSchema } from './types';
import type { UpdateQueue } from './update-queue';

const chatRef = z.union([z.number().int(), z.string().min(1)]);
const userRef = z.union([z.number().int().positive(), userSeedSchema]);
const content = {
  text: z.string().min(1).optional(),
  /** File ids (issued on the fly when new) or a number of photos to generate. */
  photos: z.union([z.array(z.string().min(1)).min(1).max(10), z.number().int().min(1).max(10)]).optional(),
  caption: z.string().optional(),
  entities: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Unix seconds; default now. */
  date: z.number().int().positive().optional(),
};

/** What can be injected, by kind. */
export const injectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('channel_post'),
      /** A known channel (id or @username) or a channel to create. */
      chat: z.union([chatRef, chatSeedSchema]),
      message_id: z.number().int().positive().optional(),
      author_signature: z.string().optional(),
      ...content,
    })
    .strict(),
  z
    .object({
      kind: z.literal('message'),
      from: userRef,
      /** A group the bot is in; default: the user's private chat with the bot. */
      chat: chatRef.optional(),
      ...content,
    })
    .strict(),
  z
    .object({
      kind: z.literal('forwarded'),
      from: userRef,
      /** The channel the forwarded post comes from (id, @username or a channel to create). */
      forwardFrom: z.union([chatRef, chatSeedSchema]).optional(),
      /** A user whose message is forwarded (when not from a channel). */
      forwardFromUser: userRef.optional(),
      /** Sender name of a user who hides their account in forwards. */
      forwardSenderName: z.string().min(1).optional(),
      /** The post's id in its channel; its text and photos are copied when none are given. */
      forwardMessageId: z.number().int().positive().optional(),
      forwardDate: z.number().int().positive().optional(),
      ...content,
    })
    .strict(),
  z
    .object({
      kind: z.literal('callback_query'),
      from: userRef,
      data: z.string().min(1).max(64),
      /** The bot's message carrying the pressed button. */
      message: z.object({ chat: chatRef, message_id: z.number().int().positive() }).strict().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('raw'), update: z.record(z.string(), z.unknown()) }).strict(),
]);

/** One outside event to inject, as tests and the control API write it. */
export type Injection = z.input<typeof injectionSchema>;

/** A mistake in what was asked to be injected (answered with 400 on the control API). */
export class InjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InjectionError';
  }
}

/** Result of an injection: every update created (an album makes several), ids assigned. */
export interface InjectionResult {
  updates: Update[];
  /** False when the bot's allowed_updates filter dropped them, as Telegram would. */
  queued: boolean;
}

/** Creates the updates for one injection and queues them. */
export function injectUpdate(state: TelegramState, queue: UpdateQueue, input: Injection): InjectionResult {
  const injection = injectionSchema.parse(input);
  const payloads = buildPayloads(state, injection);
  const results = payloads.map((p) => queue.enqueue(p));
  return { updates: results.map((r) => r.update), queued: results.every((r) => r.queued) };
}

type UpdatePayload = Omit<Update, 'update_id'>;
type Parsed = z.output<typeof injectionSchema>;

function buildPayloads(state: TelegramState, injection: Parsed): UpdatePayload[] {
  switch (injection.kind) {
    case 'channel_post': {
      const entry = channel(state, injection.chat);
      if (entry.botStatus !== 'administrator') {
        throw new InjectionError(`the bot is not an administrator of ${describe(entry.chat)}, so Telegram would not deliver its posts`);
      }
      const messages = contentMessages(state, entry, injection, {
        sender_chat: entry.chat,
        ...(injection.author_signature ? { author_signature: injection.author_signature } : {}),
      }, injection.message_id);
      return messages.map((m) => ({ channel_post: m }) as UpdatePayload);
    }
    case 'message': {
      const from = user(state, injection.from);
      const entry = injection.chat === undefined ? privateChat(state, from) : group(state, injection.chat);
      return contentMessages(state, entry, injection, { from }).map((m) => ({ message: m }) as UpdatePayload);
    }
    case 'forwarded': {
      const from = user(state, injection.from);
      const entry = privateChat(state, from);
      const { origin, original } = forwardOrigin(state, injection);
      const source = hasContent(injection) || !original ? injection : copyContent(original, injection.date);
      return contentMessages(state, entry, source, { from, forward_origin: origin }).map((m) => ({ message: m }) as UpdatePayload);
    }
    case 'callback_query': {
      const from = user(state, injection.from);
      let message: Message | undefined;
      if (injection.message) {
        const entry = state.resolveChat(injection.message.chat);
        if (!entry) throw new InjectionError(`unknown chat ${injection.message.chat}`);
        message = entry.messages.get(injection.message.message_id);
        if (!message) throw new InjectionError(`no message ${injection.message.message_id} in ${describe(entry.chat)}`);
      }
      const query = state.openCallbackQuery(from);
      const chatInstance = String(BigInt(Math.abs(message?.chat.id ?? from.id)) * 7919n);
      return [{ callback_query: { id: query.id, from, chat_instance: chatInstance, data: injection.data, ...(message ? { message } : {}) } } as UpdatePayload];
    }
    case 'raw':
      if (Object.keys(injection.update).filter((k) => k !== 'update_id').length !== 1) {
        throw new InjectionError('a raw update must have exactly one field besides update_id');
      }
      return [Object.fromEntries(Object.entries(injection.update).filter(([k]) => k !== 'update_id')) as UpdatePayload];
  }
}

/** What a post or message carries. */
export interface ContentInput {
  text?: string;
  photos?: string[] | number;
  caption?: string;
  entities?: Array<Record<string, unknown>>;
  date?: number;
}

/** One message for text or a single photo; one message per photo for an album. */
export function contentMessages(state: TelegramState, entry: ChatEntry, input: ContentInput, extra: Partial<Message>, firstId?: number): Message[] {
  const date = input.date ?? Math.floor(Date.now() / 1000);
  const photos = input.photos === undefined ? [] : typeof input.photos === 'number' ? Array.from({ length: input.photos }, () => undefined) : input.photos;
  const base = (index: number) => ({
    message_id: state.allocateMessageId(entry, index === 0 ? firstId : undefined),
    date,
    chat: entry.chat,
    ...extra,
  });
  if (photos.length === 0) {
    if (!input.text) throw new InjectionError('a message needs text or photos');
    const entities = input.entities ?? commandEntities(input.text);
    const message = { ...base(0), text: input.text, ...(entities.length ? { entities } : {}) } as Message;
    entry.messages.set(message.message_id, message);
    return [message];
  }
  const caption = input.caption ?? input.text;
  const mediaGroupId = photos.length > 1 ? state.newMediaGroupId() : undefined;
  return photos.map((fileId, index) => {
    const sizes = (fileId !== undefined ? state.photo(fileId) : undefined) ?? state.registerPhoto(fileId);
    const message = {
      ...base(index),
      ...(mediaGroupId ? { media_group_id: mediaGroupId } : {}),
      photo: sizes,
      ...(index === 0 && caption ? { caption, ...(input.entities?.length ? { caption_entities: input.entities } : {}) } : {}),
    } as Message;
    entry.messages.set(message.message_id, message);
    return message;
  });
}

/** Telegram marks a leading `/command` (with optional `@bot`) as a bot_command entity. */
function commandEntities(text: string): MessageEntity[] {
  const match = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?(?=\s|$)/.exec(text);
  return match ? [{ type: 'bot_command', offset: 0, length: match[0].length }] : [];
}

function forwardOrigin(state: TelegramState, injection: Extract<Parsed, { kind: 'forwarded' }>): { origin: MessageOrigin; original?: Message } {
  const date = injection.forwardDate ?? Math.floor(Date.now() / 1000) - 60;
  if (injection.forwardFrom !== undefined) {
    const entry = channel(state, injection.forwardFrom);
    const messageId = injection.forwardMessageId ?? Math.max(1, entry.lastMessageId);
    const original = entry.messages.get(messageId);
    return { origin: { type: 'channel', chat: entry.chat as Chat.ChannelChat, message_id: messageId, date: original?.date ?? date }, original };
  }
  if (injection.forwardFromUser !== undefined) {
    const ref = injection.forwardFromUser;
    // The author of a forwarded message need not know the bot, so they are not added as a user.
    const sender: User =
      typeof ref === 'object'
        ? { id: ref.id, is_bot: ref.is_bot ?? false, first_name: ref.first_name, ...(ref.username ? { username: ref.username.replace(/^@/, '') } : {}) }
        : state.user(ref)?.user ?? { id: ref, is_bot: false, first_name: `User ${ref}` };
    return { origin: { type: 'user', sender_user: sender, date } };
  }
  if (injection.forwardSenderName !== undefined) {
    return { origin: { type: 'hidden_user', sender_user_name: injection.forwardSenderName, date } };
  }
  throw new InjectionError('a forwarded message needs forwardFrom, forwardFromUser or forwardSenderName');
}

function copyContent(original: Message, date?: number): ContentInput {
  if (original.photo) {
    const largest = original.photo[original.photo.length - 1];
    return { photos: [largest.file_id], caption: original.caption, date };
  }
  return { text: original.text, date };
}

function hasContent(input: ContentInput): boolean {
  return input.text !== undefined || input.photos !== undefined;
}

function channel(state: TelegramState, ref: z.infer<typeof chatRef> | z.infer<typeof chatSeedSchema>): ChatEntry {
  if (typeof ref === 'object') {
    const chat = state.addChat(ref);
    return state.resolveChat(chat.id)!;
  }
  const entry = state.resolveChat(ref);
  if (!entry) throw new InjectionError(`unknown chat ${ref}: add it first (POST /_control/chats)`);
  if (entry.chat.type !== 'channel') throw new InjectionError(`${describe(entry.chat)} is not a channel`);
  return entry;
}

function group(state: TelegramState, ref: z.infer<typeof chatRef>): ChatEntry {
  const entry = state.resolveChat(ref);
  if (!entry) throw new InjectionError(`unknown chat ${ref}: add it first (POST /_control/chats)`);
  if (entry.chat.type !== 'group' && entry.chat.type !== 'supergroup') throw new InjectionError(`${describe(entry.chat)} is not a group`);
  if (entry.botStatus === 'left' || entry.botStatus === 'kicked') throw new InjectionError(`the bot is not in ${describe(entry.chat)}`);
  return entry;
}

/** A user by id (must be known) or a user to add; writing to the bot unblocks it. */
function user(state: TelegramState, ref: z.infer<typeof userRef>): User {
  if (typeof ref === 'object') return state.addUser({ ...ref, blocked: false });
  const entry = state.user(ref);
  if (!entry) throw new InjectionError(`unknown user ${ref}: add it first (POST /_control/users) or pass the user object`);
  state.setBlocked(ref, false);
  return entry.user;
}

function privateChat(state: TelegramState, from: User): ChatEntry {
  const entry = state.resolveChat(from.id);
  if (!entry) throw new InjectionError(`user ${from.id} has no private chat with the bot`);
  return entry;
}

function describe(chat: Chat): string {
  return chat.username ? `@${chat.username}` : String(chat.id);
}
