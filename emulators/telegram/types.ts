/**
 * Shapes of the Telegram emulator's world as tests and the control API see it: chats and users
 * to seed, and the record of every message the bot sent — what a test asserts on instead of
 * mocking grammY.
 */
import type { Message, MessageEntity } from 'grammy/types';
import { z } from 'zod';
import type { ReplyMarkup } from './reply-markup';

/** The bot's standing in a chat; only an administrator may post to a channel. */
export const botStatusSchema = z.enum(['administrator', 'member', 'left', 'kicked']);
/** The bot's standing in a chat. */
export type BotStatus = z.infer<typeof botStatusSchema>;

/** A chat to create: channels and groups get an id when none is given. */
export const chatSeedSchema = z
  .object({
    id: z.number().int().optional(),
    type: z.enum(['channel', 'supergroup', 'group']),
    title: z.string().min(1).optional(),
    /** Public username, with or without the leading `@`. */
    username: z.string().regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/).optional(),
    /** Default: administrator in channels (it must be, to post or to see posts), member in groups. */
    botStatus: botStatusSchema.optional(),
    /**
     * The bot's administrator rights in a channel (default: all true, as a channel usually grants
     * a posting bot). `can_edit_messages` lets it edit other admins' posts, as in Telegram.
     */
    botRights: z
      .object({ can_post_messages: z.boolean().optional(), can_edit_messages: z.boolean().optional(), can_delete_messages: z.boolean().optional() })
      .strict()
      .optional(),
    /** "Restrict saving content": its messages can't be forwarded or copied. */
    hasProtectedContent: z.boolean().optional(),
  })
  .strict();

/** What an administrator bot may do in a channel. */
export interface BotRights {
  can_post_messages: boolean;
  can_edit_messages: boolean;
  can_delete_messages: boolean;
}
/** A channel or group to create. */
export type ChatSeed = z.infer<typeof chatSeedSchema>;

/** A user who has started the bot (so the bot may message them), optionally blocking it since. */
export const userSeedSchema = z
  .object({
    id: z.number().int().positive(),
    first_name: z.string().min(1),
    last_name: z.string().optional(),
    username: z.string().regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/).optional(),
    language_code: z.string().optional(),
    is_bot: z.boolean().optional(),
    blocked: z.boolean().optional(),
  })
  .strict();
/** A user who started the bot. */
export type UserSeed = z.infer<typeof userSeedSchema>;

/** Everything the bot sent into a chat, kept per chat in sending order. */
export interface SentMessage {
  chatId: number;
  /** Increases per chat, shared with posts injected into the same chat. */
  messageId: number;
  /** Unix seconds, as in Telegram's `date`. */
  date: number;
  method: 'sendMessage' | 'sendPhoto' | 'sendMediaGroup' | 'forwardMessage';
  /** Message text exactly as sent (markup included). */
  text?: string;
  /** Caption exactly as sent (markup included). */
  caption?: string;
  parseMode?: string;
  /** Text or caption after entity parsing and trimming: what readers see. */
  plainText: string;
  entities: MessageEntity[];
  /** Photo references as sent: file ids or URLs (uploads get their new file id). */
  photos: string[];
  replyMarkup?: ReplyMarkup;
  mediaGroupId?: string;
  /** True when link previews were switched off (link_preview_options or disable_web_page_preview). */
  linkPreviewDisabled?: boolean;
  /** Unix seconds of the last edit, if edited. */
  editDate?: number;
  /** Unix seconds of its deletion (deleted messages are left out of `sentMessages`). */
  deletedDate?: number;
  /** The message as the Bot API returned it (kept current across edits). */
  message: Message;
}

/** An answer the bot gave to a callback query (a button press). */
export interface CallbackAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
  date: number;
}
