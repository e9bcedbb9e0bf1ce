/**
 * Local emulator of the Telegram Bot API, for tests and for running the product without a bot
 * token: the real grammY client talks to it over HTTP.
 *
 * Where it knowingly differs from Telegram: the channel window of the flood limit can be set
 * shorter than a minute (`groupWindowSeconds`, for quick pacing tests); a forward keeps only an
 * inline keyboard's URL buttons (as Telegram's clients show forwards) and no share counters are
 * kept, so the `forwards` count a real forward adds to a channel post is not modelled; media
 * other than photos, service messages and message threads are not emulated. Channel web previews
 * (`/s/<username>`) follow t.me's markup as far as a reader uses it (posts, text, time, photos,
 * albums, `before`/`after` paging); an album is one post named by its first message id, every
 * photo is the same small JPEG, and a rate-limited preview answers 429 with `Retry-After` (t.me
 * documents neither its preview limits nor how it answers past them).
 */
export { startTelegramEmulator, type TelegramEmulator, type TelegramEmulatorOptions } from './server';
export { TelegramEmulatorCore, type BotProfile, type TelegramCoreOptions } from './emulator-core';
export { TelegramControlClient } from './control-client';
export { PREVIEW_PAGE_SIZE } from './channel-preview';
export { PREVIEW_FAULT_KIND } from './preview-route';
export type { ChannelPostDelete, ChannelPostEdit, ChannelPostInput, ChannelPostResult } from './channel-posts';
export { injectionSchema, InjectionError, type Injection, type InjectionResult } from './inject-update';
export { DEFAULT_TELEGRAM_LIMITS, telegramLimitsSchema, type TelegramLimits } from './rate-limiter';
export { parseTelegramHtml, HtmlParseError, type ParsedText } from './html-parser';
export { TelegramApiError, type TelegramErrorBody } from './errors';
export type { LoggedRequest } from './request-log';
export type { BotRights, BotStatus, CallbackAnswer, ChatSeed, SentMessage, UserSeed } from './types';
