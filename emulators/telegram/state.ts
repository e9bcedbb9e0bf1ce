/**
 * The Telegram emulator's world: chats (resolvable by id or @username), users who started the
 * bot, every message per chat, known photo file ids and open callback queries. Held per emulator
 * instance so that tests running side by side never share state.
 */
import { randomBytes } from 'node:crypto';
import type { Chat, Message, PhotoSize, User } from 'grammy/types';
import type { BotRights, BotStatus, CallbackAnswer, ChatSeed, SentMessage, UserSeed } from './types';

/** A chat with the bot's standing in it and its message history. */
export interface ChatEntry {
  chat: Chat;
  botStatus: BotStatus;
  /** The bot's administrator rights (meaningful while it is an administrator). */
  rights: BotRights;
  /** Messages can't be forwarded or copied out of this chat. */
  protectedContent: boolean;
  lastMessageId: number;
  /** All messages by id, as they are now: injected posts and the bot's own (deleted ones removed). */
  messages: Map<number, Message>;
  /** The bot's own messages in sending order. */
  sent: SentMessage[];
}

/** A user who started the bot. */
export interface UserEntry {
  user: User;
  blocked: boolean;
}

/** A button press waiting for `answerCallbackQuery`. */
export interface CallbackQueryEntry {
  id: string;
  from: User;
  answered: boolean;
}

/** Options that shape the world, kept so that `reset()` can rebuild it. */
export interface TelegramWorldSeed {
  chats?: ChatSeed[];
  users?: UserSeed[];
  /** Accept photo file ids the emulator never issued (default false: Telegram rejects them). */
  acceptUnknownFileIds?: boolean;
}

/** Mutable state of one emulator instance. */
export class TelegramState {
  private readonly chats = new Map<number, ChatEntry>();
  private readonly usernames = new Map<string, number>();
  private readonly users = new Map<number, UserEntry>();
  private readonly files = new Map<string, PhotoSize[]>();
  private readonly callbackQueries = new Map<string, CallbackQueryEntry>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  private nextChannelId = 1_000_000_001;
  private nextGroupId = 400_000_001;
  private nextMediaGroupId = 1;
  private nextCallbackQueryId = 1;
  acceptUnknownFileIds = false;

  constructor(private readonly seed: TelegramWorldSeed = {}) {
    this.reset();
  }

  /** Back to the seeded world: seeded chats and users, no messages, no files. */
  reset(): void {
    this.chats.clear();
    this.usernames.clear();
    this.users.clear();
    this.files.clear();
    this.callbackQueries.clear();
    this.callbackAnswers.length = 0;
    this.nextChannelId = 1_000_000_001;
    this.nextGroupId = 400_000_001;
    this.nextMediaGroupId = 1;
    this.nextCallbackQueryId = 1;
    this.acceptUnknownFileIds = this.seed.acceptUnknownFileIds ?? false;
    for (const c of this.seed.chats ?? []) this.addChat(c);
    for (const u of this.seed.users ?? []) this.addUser(u);
  }

  /** Adds (or updates, by id or username) a channel or group. */
  addChat(seed: ChatSeed): Chat {
    const username = seed.username?.replace(/^@/, '');
    const existingId = seed.id ?? (username ? this.usernames.get(username.toLowerCase()) : undefined);
    const id = existingId ?? this.newChatId(seed.type);
    if (seed.type === 'channel' || seed.type === 'supergroup') {
      if (!String(id).startsWith('-100')) throw new Error(`a ${seed.type} id must look like -100xxxxxxxxxx, got ${id}`);
    } else if (id >= 0) {
      throw new Error(`a group id must be negative, got ${id}`);
    }
    const title = seed.title ?? username ?? `${seed.type} ${id}`;
    const chat = (
      seed.type === 'group' ? { id, type: 'group', title } : { id, type: seed.type, title, ...(username ? { username } : {}) }
    ) as Chat;
    const previous = this.chats.get(id);
    const botStatus = seed.botStatus ?? previous?.botStatus ?? (seed.type === 'channel' ? 'administrator' : 'member');
    if (previous?.chat.username) this.usernames.delete(previous.chat.username.toLowerCase());
    const rights = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true, ...previous?.rights, ...seed.botRights };
    this.chats.set(id, {
      chat,
      botStatus,
      rights,
      protectedContent: seed.hasProtectedContent ?? previous?.protectedContent ?? false,
      lastMessageId: previous?.lastMessageId ?? 0,
      messages: previous?.messages ?? new Map(),
      sent: previous?.sent ?? [],
    });
    // Only channels and supergroups are reachable by @username; basic groups have none.
    if (username && seed.type !== 'group') this.usernames.set(username.toLowerCase(), id);
    return chat;
  }

  /** Adds (or updates) a user, which also opens the user's private chat with the bot. */
  addUser(seed: UserSeed): User {
    const username = seed.username?.replace(/^@/, '');
    const user: User = {
      id: seed.id,
      is_bot: seed.is_bot ?? false,
      first_name: seed.first_name,
      ...(seed.last_name ? { last_name: seed.last_name } : {}),
      ...(username ? { username } : {}),
      ...(seed.language_code ? { language_code: seed.language_code } : {}),
    };
    const previous = this.users.get(seed.id);
    this.users.set(seed.id, { user, blocked: seed.blocked ?? previous?.blocked ?? false });
    const chat: Chat = {
      id: seed.id,
      type: 'private',
      first_name: seed.first_name,
      ...(seed.last_name ? { last_name: seed.last_name } : {}),
      ...(username ? { username } : {}),
    };
    const entry = this.chats.get(seed.id);
    this.chats.set(seed.id, {
      chat,
      botStatus: 'member',
      rights: { can_post_messages: false, can_edit_messages: false, can_delete_messages: false },
      protectedContent: false,
      lastMessageId: entry?.lastMessageId ?? 0,
      messages: entry?.messages ?? new Map(),
      sent: entry?.sent ?? [],
    });
    // Bots cannot address users by @username (Telegram answers "chat not found"), so users'
    // usernames are not registered for chat resolution.
    return user;
  }

  /** Marks a user as having blocked (or unblocked) the bot. */
  setBlocked(userId: number, blocked: boolean): void {
    const entry = this.users.get(userId);
    if (!entry) throw new Error(`unknown user ${userId}`);
    entry.blocked = blocked;
  }

  /** Finds a chat by numeric id or `@username` (case-insensitive), as Telegram resolves chat_id. */
  resolveChat(ref: number | string): ChatEntry | undefined {
    if (typeof ref === 'number') return this.chats.get(ref);
    const s = ref.trim();
    if (/^-?\d+$/.test(s)) return this.chats.get(Number(s));
    if (!s.startsWith('@')) return undefined;
    const id = this.usernames.get(s.slice(1).toLowerCase());
    return id === undefined ? undefined : this.chats.get(id);
  }

  user(id: number): UserEntry | undefined {
    return this.users.get(id);
  }

  listChats(): Array<{ chat: Chat; botStatus: BotStatus }> {
    return [...this.chats.values()].map((e) => ({ chat: e.chat, botStatus: e.botStatus }));
  }

  listUsers(): Array<User & { blocked: boolean }> {
    return [...this.users.values()].map((e) => ({ ...e.user, blocked: e.blocked }));
  }

  /** Reserves the next message id in a chat (or checks an explicit one is still ahead). */
  allocateMessageId(entry: ChatEntry, explicit?: number): number {
    if (explicit !== undefined) {
      if (explicit <= entry.lastMessageId) {
        throw new Error(`message_id ${explicit} is not after the chat's last message ${entry.lastMessageId}`);
      }
      entry.lastMessageId = explicit;
      return explicit;
    }
    entry.lastMessageId += 1;
    return entry.lastMessageId;
  }

  newMediaGroupId(): string {
    const id = `1${String(this.nextMediaGroupId).padStart(16, '0')}`;
    this.nextMediaGroupId += 1;
    return id;
  }

  /** The bot's messages still in one chat (or in all chats, in chat order), oldest first. */
  sentMessages(ref?: number | string): SentMessage[] {
    const entries = ref === undefined ? [...this.chats.values()] : [this.resolveChat(ref)].filter((e): e is ChatEntry => e !== undefined);
    return entries.flatMap((e) => e.sent.filter((m) => m.deletedDate === undefined));
  }

  /** Every message now in a chat, anyone's, by id: what a reader of the chat sees. */
  chatHistory(ref: number | string): Message[] {
    const entry = this.resolveChat(ref);
    return entry ? [...entry.messages.values()].sort((a, b) => a.message_id - b.message_id) : [];
  }

  /** Creates the sizes of a new photo; the largest carries `fileId` when one is given. */
  registerPhoto(fileId?: string): PhotoSize[] {
    const largest = fileId ?? `AgACAgIAAxk${randomBytes(30).toString('base64url')}`;
    const unique = `AQAD${randomBytes(9).toString('base64url')}`;
    const sizes: PhotoSize[] = [
      { file_id: `${largest}-s`, file_unique_id: `${unique}-s`, file_size: 1_540, width: 90, height: 67 },
      { file_id: `${largest}-m`, file_unique_id: `${unique}-m`, file_size: 21_230, width: 320, height: 240 },
      { file_id: largest, file_unique_id: unique, file_size: 98_410, width: 1280, height: 960 },
    ];
    for (const s of sizes) this.files.set(s.file_id, sizes);
    return sizes;
  }

  /** The sizes of a photo the emulator issued, by any of its file ids. */
  photo(fileId: string): PhotoSize[] | undefined {
    return this.files.get(fileId);
  }

  /** Opens a callback query for a button press; `answerCallbackQuery` closes it. */
  openCallbackQuery(from: User): CallbackQueryEntry {
    const id = String(4_000_000_000_000_000 + this.nextCallbackQueryId);
    this.nextCallbackQueryId += 1;
    const entry = { id, from, answered: false };
    this.callbackQueries.set(id, entry);
    return entry;
  }

  callbackQuery(id: string): CallbackQueryEntry | undefined {
    return this.callbackQueries.get(id);
  }

  private newChatId(type: ChatSeed['type']): number {
    if (type === 'group') {
      const id = -this.nextGroupId;
      this.nextGroupId += 1;
      return id;
    }
    const id = -(1_000_000_000_000 + this.nextChannelId);
    this.nextChannelId += 1;
    return id;
  }
}
