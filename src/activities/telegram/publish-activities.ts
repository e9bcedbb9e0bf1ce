/**
 * Sending listings to our channel, exactly once.
 *
 * Telegram has no idempotency key, so "exactly once" is built from three rules:
 * 1. The sent message ids are recorded in the database the moment Telegram returns them; an
 *    attempt that finds them recorded returns them without sending.
 * 2. Before sending, an attempt takes the channel's send lock (one listing in flight per
 *    channel) and keeps it until the ids are recorded. A definite refusal (an error answer from
 *    Telegram) releases it; an uncertain failure — a timeout or dropped connection after the
 *    request left, or a crash before the ids were recorded — leaves it held.
 * 3. An attempt that finds the lock already held by its own post knows an earlier send may
 *    have landed. Because no other listing went to the channel meanwhile, any message of ours
 *    newer than the last recorded one can only be that send. It looks for it by re-applying
 *    the listing's own button (or album caption) to the candidate ids: Telegram answers
 *    "message is not modified" only for a message that already has exactly that content,
 *    other people's posts can't be edited by the bot, and nothing is changed by the probe.
 *    Found: the ids are recorded and nothing is sent. Not found: the send is repeated.
 * The retry after an uncertain failure waits (`uncertainRetryDelayMs`) so that a request
 * still being processed by Telegram has landed before the probe looks for it.
 */
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { GrammyError, type Api } from 'grammy';
import { TELEGRAM_FAILURE, DB_FAILURE } from '../../common/failure-types';
import { normaliseChatRef, type PublishedMessage, type Store } from '../../db';
import type { BackoffPolicy } from '../ai/openai-failures';
import { buildListing, type Listing } from './listing';
import { toTelegramFailure } from './telegram-failures';

export interface PublishingActivityDeps {
  api: Api;
  store: Store;
  /** Our channel: `@username` or numeric id. */
  channelId: string;
  /** The bot's username, for the contacts deep link (asked of Telegram once). */
  botUsername: () => Promise<string>;
  /** How many message ids past the last recorded one a retry looks at. */
  probeWindow?: number;
  /** Wait before retrying a send whose outcome is unknown. */
  uncertainRetryDelayMs?: number;
  backoff?: BackoffPolicy;
}

const NOT_MODIFIED = /message is not modified/i;

async function send(api: Api, chat: string, listing: Listing): Promise<number[]> {
  switch (listing.kind) {
    case 'text':
      return [(await api.sendMessage(chat, listing.text, { parse_mode: 'HTML', reply_markup: listing.replyMarkup, link_preview_options: { is_disabled: true } })).message_id];
    case 'photo':
      return [(await api.sendPhoto(chat, listing.photo, { caption: listing.caption, parse_mode: 'HTML', reply_markup: listing.replyMarkup })).message_id];
    case 'album': {
      const media = listing.photos.map((photo, i) => ({ type: 'photo' as const, media: photo, ...(i === 0 ? { caption: listing.caption, parse_mode: 'HTML' as const } : {}) }));
      return (await api.sendMediaGroup(chat, media)).map((m) => m.message_id);
    }
  }
}

/** Re-applies the listing's own markup/caption to one message id; true when it is already exactly ours. */
async function isOurListing(api: Api, chat: string, id: number, listing: Listing): Promise<boolean> {
  try {
    if (listing.kind === 'album') await api.editMessageCaption(chat, id, { caption: listing.caption, parse_mode: 'HTML' });
    else await api.editMessageReplyMarkup(chat, id, { reply_markup: listing.replyMarkup });
    // An edit that succeeded changed a message of ours that isn't in the database: not this listing.
    log.warn('probe edited an unrecorded message of the bot', { chat, messageId: id });
    return false;
  } catch (err) {
    if (err instanceof GrammyError && NOT_MODIFIED.test(err.description)) return true;
    if (err instanceof GrammyError && err.error_code === 400) return false; // not found, or not ours to edit
    throw err;
  }
}

export function createPublishingActivities(deps: PublishingActivityDeps) {
  const { api, store, channelId, probeWindow = 20, uncertainRetryDelayMs = 30_000, backoff = { initialMs: 2_000, maxMs: 300_000 } } = deps;
  const chat = normaliseChatRef(channelId);

  /** Looks for an earlier attempt's message among ids newer than the last recorded one. */
  async function findEarlierSend(listing: Listing): Promise<number[] | undefined> {
    const after = await store.highestMessageId(chat);
    const known = await store.knownMessageIds(chat, after + 1, after + probeWindow);
    for (let id = after + 1; id <= after + probeWindow; id++) {
      if (known.has(id)) continue;
      Context.current().heartbeat({ probing: id });
      if (await isOurListing(api, channelId, id, listing)) {
        const count = listing.kind === 'album' ? listing.photos.length : 1;
        return Array.from({ length: count }, (_, i) => id + i);
      }
    }
    return undefined;
  }

  return {
    /** Sends the post's listing to our channel once, and records its message ids at once. */
    async sendListing(postId: number): Promise<PublishedMessage> {
      const post = await store.getPost(postId);
      if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
      if (post.published && post.published.messageIds.length > 0) return { chatId: post.published.chatId, messageIds: post.published.messageIds };

      const lock = await store.acquireSendLock(chat, postId);
      if (!lock.acquired) {
        throw ApplicationFailure.create({ type: TELEGRAM_FAILURE.channelBusy, message: `post ${lock.heldBy} is being sent to ${chat}; waiting for it`, nextRetryDelay: 1_000 });
      }
      const listing = buildListing(post, await deps.botUsername());
      const attempt = Context.current().info.attempt;

      let messageIds = lock.resumed ? await findEarlierSend(listing).catch((err: unknown) => Promise.reject(toTelegramFailure(err, attempt, backoff))) : undefined;
      if (messageIds) log.info('found the listing an earlier attempt sent; not sending again', { postId, messageIds });
      if (!messageIds) {
        try {
          messageIds = await send(api, channelId, listing);
        } catch (err) {
          if (err instanceof GrammyError) {
            // Telegram answered, so nothing was posted: let other listings through.
            await store.releaseSendLock(chat, postId);
            throw toTelegramFailure(err, attempt, backoff);
          }
          const cause = toTelegramFailure(err, attempt, backoff);
          throw ApplicationFailure.create({
            type: TELEGRAM_FAILURE.uncertain,
            message: `the send may have reached Telegram (${cause.message}); the retry will check before sending again`,
            nextRetryDelay: uncertainRetryDelayMs,
          });
        }
      }
      const published = { chatId: chat, messageIds };
      await store.updatePost(postId, { published });
      await store.releaseSendLock(chat, postId);
      return published;
    },
  };
}

export type PublishingActivities = ReturnType<typeof createPublishingActivities>;
