/**
 * One Telegram emulator instance without its HTTP layer: the world, flood limits, the update
 * queue and webhook delivery, and the operations both the control API and in-process helpers
 * use — so a test in the same process and a second process over HTTP drive the same code.
 */
import type { Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { addChannelPost, deleteChannelPosts, editChannelPost, type ChannelPostDelete, type ChannelPostEdit, type ChannelPostInput, type ChannelPostResult } from './channel-posts';
import { TelegramApiError, methodNotFound } from './errors';
import { injectUpdate, type Injection, type InjectionResult } from './inject-update';
import { findBotMethod } from './methods';
import { BotParams } from './params';
import { DEFAULT_TELEGRAM_LIMITS, SendRateLimiter, type TelegramLimits } from './rate-limiter';
import { RequestLog, type LoggedRequest } from './request-log';
import { TelegramState, type TelegramWorldSeed } from './state';
import { chatSeedSchema, userSeedSchema, type CallbackAnswer, type ChatSeed, type SentMessage, type UserSeed } from './types';
import { UpdateQueue } from './update-queue';
import { WebhookDelivery, type WebhookTiming } from './webhook-delivery';

/** How the bot presents itself in getMe (the id always comes from the token). */
export interface BotProfile {
  first_name: string;
  username: string;
}

/** Everything that shapes a core; `reset()` returns to it. */
export interface TelegramCoreOptions extends TelegramWorldSeed {
  limits?: Partial<TelegramLimits>;
  bot?: Partial<BotProfile>;
  webhook?: WebhookTiming;
  log?: (line: string) => void;
}

/** The emulator's behaviour, independent of transport. */
export class TelegramEmulatorCore {
  readonly state: TelegramState;
  readonly limiter: SendRateLimiter;
  readonly updates = new UpdateQueue();
  /** Every Bot API request received over HTTP, with its chats, times and answer. */
  readonly requests = new RequestLog();
  readonly webhook: WebhookDelivery;
  private readonly profile: BotProfile;
  private readonly log: (line: string) => void;
  /** The bot id of the last token seen, used for webhook replies (which carry no token). */
  private lastBotId = 1;

  constructor(private readonly options: TelegramCoreOptions = {}) {
    this.log = options.log ?? (() => undefined);
    this.state = new TelegramState(options);
    this.limiter = new SendRateLimiter(options.limits);
    this.profile = { first_name: options.bot?.first_name ?? 'Emulated Bot', username: options.bot?.username ?? 'emulated_bot' };
    this.webhook = new WebhookDelivery(this.updates, options.webhook ?? {}, (method, params) => this.replyFromWebhook(method, params), this.log);
  }

  /** The bot behind a token's numeric id. */
  me(botId: number): UserFromGetMe {
    return {
      id: botId,
      is_bot: true,
      first_name: this.profile.first_name,
      username: this.profile.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    } as UserFromGetMe;
  }

  /** Runs one Bot API method; throws TelegramApiError as Telegram would answer. */
  async call(botId: number, method: string, params: BotParams, signal: AbortSignal): Promise<unknown> {
    const fn = findBotMethod(method);
    if (!fn) throw methodNotFound();
    this.lastBotId = botId;
    return fn(params, { state: this.state, limiter: this.limiter, updates: this.updates, webhook: this.webhook, me: this.me(botId), signal });
  }

  addChat(seed: ChatSeed): Chat {
    return this.state.addChat(chatSeedSchema.parse(seed));
  }

  addUser(seed: UserSeed): User {
    return this.state.addUser(userSeedSchema.parse(seed));
  }

  /** Creates updates as Telegram would for an outside event, and queues them for the bot. */
  injectUpdate(injection: Injection): InjectionResult {
    return injectUpdate(this.state, this.updates, injection);
  }

  /** A post by the channel's own admins: in its history and preview; delivered to the bot only where it is an administrator. */
  addChannelPost(input: ChannelPostInput): ChannelPostResult {
    return addChannelPost(this.state, this.updates, input);
  }

  /** Edits a channel post's text or caption, as its author would. */
  editChannelPost(input: ChannelPostEdit): Message {
    return editChannelPost(this.state, this.updates, input);
  }

  /** Deletes channel posts; returns the ids that were there. */
  deleteChannelPosts(input: ChannelPostDelete): number[] {
    return deleteChannelPosts(this.state, input);
  }

  /** Updates not yet confirmed by getUpdates or delivered to the webhook. */
  pendingUpdates(): Update[] {
    return this.updates.snapshot();
  }

  sentMessages(chat?: number | string): SentMessage[] {
    return this.state.sentMessages(chat);
  }

  /** Every message now in a chat, anyone's (other admins' posts included), by id. */
  chatHistory(chat: number | string): Message[] {
    return this.state.chatHistory(chat);
  }

  /** Requests received, all or those naming `chat` (an id or @username), in arrival order. */
  requestLog(chat?: number | string): LoggedRequest[] {
    if (chat === undefined) return this.requests.list();
    const id = this.state.resolveChat(chat)?.chat.id ?? chat;
    return this.requests.list(id);
  }

  /** The numeric id of a chat named in a request, where the emulator knows it. */
  resolveChatId(ref: unknown): number | string | undefined {
    if (typeof ref !== 'number' && typeof ref !== 'string') return undefined;
    return this.state.resolveChat(ref)?.chat.id ?? ref;
  }

  callbackAnswers(): CallbackAnswer[] {
    return this.state.callbackAnswers.slice();
  }

  limits(): TelegramLimits {
    return this.limiter.limits();
  }

  setLimits(partial: Partial<TelegramLimits>): TelegramLimits {
    return this.limiter.configure(partial);
  }

  /** Back to the start: seeded chats and users, no messages or updates, no webhook, start limits. */
  reset(): void {
    this.state.reset();
    this.updates.reset();
    this.requests.clear();
    this.webhook.clear();
    this.limiter.clear();
    this.limiter.configure({ ...DEFAULT_TELEGRAM_LIMITS, ...this.options.limits });
  }

  /** Stops background work (webhook retries, parked getUpdates). */
  close(): void {
    this.webhook.close();
    this.updates.endWaiter();
  }

  private async replyFromWebhook(method: string, params: Record<string, unknown>): Promise<void> {
    try {
      await this.call(this.lastBotId, method, new BotParams(params), new AbortController().signal);
    } catch (err) {
      if (err instanceof TelegramApiError) this.log(`webhook reply ${method}: ${err.description}`);
      else throw err;
    }
  }
}
