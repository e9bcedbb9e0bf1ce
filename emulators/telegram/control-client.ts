/**
 * A typed client for the Telegram emulator's control API, so that a process other than the one
 * running the emulator (workers, the CLI, a benchmark) can set the scene and read the outcome.
 */
import type { Chat, Message, Update, User } from 'grammy/types';
import { EmulatorControlClient } from '../common/control-client';
import type { Injection, InjectionResult } from './inject-update';
import type { ChannelPostDelete, ChannelPostEdit, ChannelPostInput, ChannelPostResult } from './channel-posts';
import type { TelegramLimits } from './rate-limiter';
import type { LoggedRequest } from './request-log';
import type { BotStatus, CallbackAnswer, ChatSeed, SentMessage, UserSeed } from './types';

/** Drives a Telegram emulator over HTTP. */
export class TelegramControlClient extends EmulatorControlClient {
  /** @param baseUrl the emulator's URL (its grammY `apiRoot`). */
  constructor(baseUrl: string) {
    super(baseUrl, 'Telegram');
  }

  async addChat(seed: ChatSeed): Promise<Chat> {
    return (await this.request<{ chat: Chat }>('POST', '/chats', seed)).chat;
  }

  async chats(): Promise<Array<{ chat: Chat; botStatus: BotStatus }>> {
    return (await this.request<{ chats: Array<{ chat: Chat; botStatus: BotStatus }> }>('GET', '/chats')).chats;
  }

  async addUser(seed: UserSeed): Promise<User> {
    return (await this.request<{ user: User }>('POST', '/users', seed)).user;
  }

  async injectUpdate(injection: Injection): Promise<InjectionResult> {
    return this.request<InjectionResult>('POST', '/updates', injection);
  }

  /** A post by the channel's own admins (the bot need not be in the channel). */
  async addChannelPost(post: ChannelPostInput): Promise<ChannelPostResult> {
    return this.request<ChannelPostResult>('POST', '/channel-posts', post);
  }

  async editChannelPost(edit: ChannelPostEdit): Promise<Message> {
    return (await this.request<{ message: Message }>('POST', '/channel-posts/edit', edit)).message;
  }

  async deleteChannelPosts(request: ChannelPostDelete): Promise<number[]> {
    return (await this.request<{ deleted: number[] }>('POST', '/channel-posts/delete', request)).deleted;
  }

  async pendingUpdates(): Promise<Update[]> {
    return (await this.request<{ updates: Update[] }>('GET', '/updates')).updates;
  }

  async sentMessages(chat?: number | string): Promise<SentMessage[]> {
    const query = chat === undefined ? '' : `?chat_id=${encodeURIComponent(String(chat))}`;
    return (await this.request<{ messages: SentMessage[] }>('GET', `/messages${query}`)).messages;
  }

  /** Every message now in a chat, anyone's. */
  async chatHistory(chat: number | string): Promise<Message[]> {
    return (await this.request<{ messages: Message[] }>('GET', `/history?chat_id=${encodeURIComponent(String(chat))}`)).messages;
  }

  /** Bot API requests received, all or those naming `chat`. */
  async requestLog(chat?: number | string): Promise<LoggedRequest[]> {
    const query = chat === undefined ? '' : `?chat_id=${encodeURIComponent(String(chat))}`;
    return (await this.request<{ requests: LoggedRequest[] }>('GET', `/requests${query}`)).requests;
  }

  async callbackAnswers(): Promise<CallbackAnswer[]> {
    return (await this.request<{ answers: CallbackAnswer[] }>('GET', '/callback-answers')).answers;
  }

  async limits(): Promise<TelegramLimits> {
    return this.request<TelegramLimits>('GET', '/limits');
  }

  async setLimits(limits: Partial<TelegramLimits>): Promise<TelegramLimits> {
    return this.request<TelegramLimits>('POST', '/limits', limits);
  }

}
