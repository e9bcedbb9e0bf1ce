/**
 * Sending listings to our channel: each exactly once, at a pace Telegram accepts, and never
 * holding the channel up for longer than a heartbeat timeout.
 *
 * Telegram has no idempotency key, so "exactly once" is built from these rules:
 * 1. Sent message ids are recorded the moment Telegram returns them, in the same transaction that
 *    gives the channel up; an attempt that finds them recorded returns them without sending.
 * 2. Only the holder of the channel's lease sends to it. The lease names its attempt (workflow,
 *    activity, attempt number, worker) and expires PUBLISH_LEASE after its last renewal; the
 *    holder renews it as it heartbeats. Every request under it gets a deadline that ends a margin
 *    before the lease could expire, so by the time anyone else may take the lease over, what the
 *    holder sent has landed or been given up. A holder that dies or hangs — or an attempt that
 *    Temporal marked started but that never ran — stops renewing: its lease runs out and the next
 *    listing takes the channel, and Temporal retries the dead attempt after the heartbeat
 *    timeout, which PUBLISH_LEASE never exceeds. A lease whose post is already published is free
 *    at once. The lease is released on every path: with the recorded ids, on a refusal, when the
 *    post turns out published, and when the probe fails; after an unknown outcome it is only kept
 *    until the abandoned request's deadline.
 * 3. Before sending, the attempt stores a pending send: the highest recorded message id, below
 *    the id the send will get. A refusal (a 4xx answer: Telegram did nothing) clears it; a lost
 *    answer (timeout, dropped connection, 5xx) or a crash leaves it. Other listings go on.
 * 4. An attempt whose post has a pending send checks before sending again, without changing
 *    anything anyone can see: each id above the floor that the database doesn't know is
 *    forwarded to the bot's private probe chat, the copy is compared with the listing — posted
 *    in our channel under that id, same text, same contacts deep link (which names the post, so
 *    no other listing and no other admin's post can match) — and deleted. Found: the ids are
 *    recorded and nothing is sent. Not found: the send is repeated. If the check can't be made
 *    (no probe chat, the probe chat refuses), the post fails "outcome unknown" for a person to
 *    look, rather than risk a second copy.
 * What this assumes: Telegram carries out a request within the client's deadline or never, and
 * an attempt is not frozen between its last lease check and its request leaving (a pause there,
 * longer than the margin, is the one way a stale holder could still send).
 *
 * Pacing: a 429's retry_after is the chat's, so it is stored per chat and no request goes to that
 * chat, from any worker, before it has passed; and no PUBLISH_WINDOW holds more than its share
 * of PUBLISH_RATE_PER_MINUTE sends, counted in the database by the latest time each send can have
 * landed. Both waits, and the wait for the lease, happen inside the activity with heartbeats, so
 * they spend no retries and none of the publishing queue's rate tokens.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ApplicationFailure, CancelledFailure, Context, log } from '@temporalio/activity';
import type { Api } from 'grammy';
import { DB_FAILURE, TELEGRAM_FAILURE } from '../../common/failure-types';
import { PUBLISH_HEARTBEAT_TIMEOUT_MS, sendsPerWindow } from '../../common/publishing';
import { normaliseChatRef, type Store } from '../../db';
import { type Post, type PublishedMessage } from '../../common/post-model';
import { becameDuplicate, storeCall } from '../posts/step-failures';
import type { BackoffPolicy } from '../backoff';
import { ChannelTurn, deadlineSignal, type ChannelTurnOptions, type RequestSignal } from './channel-turn';
import { buildListing, contactLink, type Listing } from './listing';
import { photosToSend, type PhotoDownloadOptions, type PhotoToSend } from './photo-upload';
import { findEarlierSend, type ProbeContext } from './send-probe';
import { describeTelegramError, isDefiniteRefusal, retryAfterOf, toTelegramFailure } from './telegram-failures';

export interface PublishingActivityDeps {
  api: Api;
  /** The post's steps and sends, the channel's turn and the probe for lost answers. */
  store: Pick<Store, 'advancePost' | 'beginPendingSend' | 'cancelSend' | 'clearPendingSend' | 'getPost' | 'highestMessageId' | 'pendingSend' | 'recordFloodWait' | 'recordSend' | 'transitionPost'> &
    ChannelTurnOptions['store'] &
    ProbeContext['store'];
  /** Our channel: `@username` or numeric id. */
  channelId: string;
  /** The bot's private chat where uncertain sends are checked (an admin's id or a private group/channel). */
  probeChatId?: string;
  /** The bot's username, for the contacts deep link (asked of Telegram once). */
  botUsername: () => Promise<string>;
  /** Channel posts per minute, and the sliding window they are counted in (default 1 min). */
  ratePerMinute?: number;
  windowMs?: number;
  /** How long a hold on the channel lasts without renewal (PUBLISH_LEASE). */
  leaseMs?: number;
  /** The Telegram client's own timeout; request deadlines never exceed it. */
  clientTimeoutMs?: number;
  /** How long one attempt waits for the channel inside the activity (default 5 min). */
  maxWaitMs?: number;
  /** How many unknown message ids past the highest recorded one the probe looks at. */
  probeWindow?: number;
  /** Wait before retrying a send whose outcome is unknown (default: the lease). */
  uncertainRetryDelayMs?: number;
  backoff?: BackoffPolicy;
  /** How photo URLs (web-preview posts) are downloaded for upload. */
  photoDownload?: PhotoDownloadOptions;
}

async function send(api: Api, chat: string, listing: Listing, photos: PhotoToSend[], signal: RequestSignal): Promise<number[]> {
  switch (listing.kind) {
    case 'text':
      return [(await api.sendMessage(chat, listing.text, { parse_mode: 'HTML', reply_markup: listing.replyMarkup, link_preview_options: { is_disabled: true } }, signal)).message_id];
    case 'photo':
      return [(await api.sendPhoto(chat, photos[0], { caption: listing.caption, parse_mode: 'HTML', reply_markup: listing.replyMarkup }, signal)).message_id];
    case 'album': {
      const media = photos.map((photo, i) => ({ type: 'photo' as const, media: photo, ...(i === 0 ? { caption: listing.caption, parse_mode: 'HTML' as const } : {}) }));
      return (await api.sendMediaGroup(chat, media, undefined, signal)).map((m) => m.message_id);
    }
  }
}

/** The listing's photo references, in the order they are sent. */
function listingPhotos(listing: Listing): string[] {
  return listing.kind === 'album' ? listing.photos : listing.kind === 'photo' ? [listing.photo] : [];
}

/** Names this attempt in the lease: readable in the database, unique per run of the activity. */
function leaseOwner(): string {
  const info = Context.current().info;
  return `${info.workflowExecution?.workflowId ?? info.activityType}/${info.activityId}#${info.attempt}@${os.hostname()}:${process.pid}/${randomUUID().slice(0, 8)}`;
}

export function createPublishingActivities(deps: PublishingActivityDeps) {
  const { api, store, channelId, probeWindow = 20, backoff = { initialMs: 2_000, maxMs: 300_000 } } = deps;
  const chat = normaliseChatRef(channelId);
  const leaseMs = Math.min(deps.leaseMs ?? PUBLISH_HEARTBEAT_TIMEOUT_MS, PUBLISH_HEARTBEAT_TIMEOUT_MS);
  const windowMs = deps.windowMs ?? 60_000;
  const limit = sendsPerWindow(deps.ratePerMinute ?? 20, windowMs);
  const uncertainRetryDelayMs = deps.uncertainRetryDelayMs ?? leaseMs;


  /** Marks the post published with its message ids and logs the event; a post already published is left as it is. */
  async function markPublished(postId: number, sent: PublishedMessage): Promise<PublishedMessage> {
    await storeCall(() => store.transitionPost(postId, 'published', { published: sent }, { type: 'post.published', payload: { chatId: sent.chatId, messageIds: sent.messageIds } }));
    return sent;
  }

  /**
   * Moves a ready (or retried, failed) post to publishing; a post already publishing is left as
   * it is. A retried post whose ad another copy took meanwhile is not published: it fails with
   * `PostBecameDuplicate`, which ends it as that copy's duplicate.
   */
  async function beginPublication(post: Post): Promise<void> {
    if (post.status === 'received' || post.status === 'extracting' || post.status === 'not_car') {
      throw ApplicationFailure.nonRetryable(`post ${post.id} is ${post.status}, not ready to publish`, DB_FAILURE.illegalTransition);
    }
    if (post.status === 'failed' && !post.description) throw ApplicationFailure.nonRetryable(`post ${post.id} has no description yet, so it can't be published`, DB_FAILURE.illegalTransition);
    if (post.status === 'publishing') return;
    const moved = await storeCall(() => store.advancePost(post.id, 'publishing'));
    if (moved.status === 'duplicate') throw becameDuplicate(moved);
  }

  return {
    /**
     * Publishes the post: moves it to publishing, sends its listing to our channel once, records
     * the message ids at once and marks the post published (with its event). One activity for
     * the whole step, so a listing costs one round trip to Temporal; every part is idempotent, so
     * a retry finds what the last attempt did and goes on from there.
     */
    async sendListing(postId: number): Promise<PublishedMessage> {
      const { attempt } = Context.current().info;
      Context.current().heartbeat({ postId, step: 'starting' });
      log.info('sendListing attempt started', { postId, attempt });
      const post = await store.getPost(postId);
      if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
      if (post.published && post.published.messageIds.length > 0) return markPublished(postId, { chatId: post.published.chatId, messageIds: post.published.messageIds });
      await beginPublication(post);
      const botUsername = await deps.botUsername();
      const listing = buildListing(post, botUsername);
      // Photo URLs are downloaded before the channel is taken, so a slow CDN holds no one up.
      const photos = await photosToSend(listingPhotos(listing), deps.photoDownload);
      const who = { postId, owner: leaseOwner() };
      const turn = new ChannelTurn({ store, chat, who, leaseMs, limit, windowMs, clientTimeoutMs: deps.clientTimeoutMs ?? 30_000, maxWaitMs: deps.maxWaitMs ?? 300_000 });

      try {
        await turn.acquire();
        // Another attempt may have finished while this one waited.
        const current = await store.getPost(postId);
        if (current?.published && current.published.messageIds.length > 0) return await markPublished(postId, { chatId: current.published.chatId, messageIds: current.published.messageIds });

        const pending = await store.pendingSend(postId);
        if (pending) {
          const probe = { api, store, turn, channelId, chat, probeChatId: deps.probeChatId, probeWindow };
          const found = await findEarlierSend(probe, postId, listing, contactLink(botUsername, postId), pending);
          if (found) {
            await store.recordSend({ chatId: chat, postId, owner: who.owner, messageIds: found });
            turn.markReleased();
            log.info('found the listing an earlier attempt sent; not sending again', { postId, messageIds: found });
            return await markPublished(postId, { chatId: chat, messageIds: found });
          }
          log.info('an earlier send of this listing never reached the channel; sending it', { postId });
        }

        for (;;) {
          await store.beginPendingSend(chat, postId, await store.highestMessageId(chat));
          const reserved = await turn.reserveSend();
          if (Context.current().cancellationSignal.aborted) {
            // Cancelled, or timed out and already retried elsewhere: this attempt must not send.
            await store.cancelSend(reserved.sendId);
            throw new CancelledFailure('the attempt was cancelled before sending');
          }
          const sentAt = Date.now();
          let messageIds: number[];
          try {
            messageIds = await send(api, channelId, listing, photos, deadlineSignal(reserved.timeoutMs));
          } catch (err) {
            if (isDefiniteRefusal(err)) {
              // Telegram answered, so nothing was posted.
              await store.cancelSend(reserved.sendId);
              await store.clearPendingSend(postId);
              const retryAfter = retryAfterOf(err);
              if (retryAfter !== undefined) {
                await store.recordFloodWait(chat, retryAfter);
                log.info('Telegram asked the channel to wait; holding it until then', { postId, retryAfterSeconds: retryAfter });
                continue;
              }
              throw toTelegramFailure(err, attempt, backoff);
            }
            // The request may still land until its deadline: keep the channel until then.
            await turn.release(Math.max(0, sentAt + reserved.timeoutMs - Date.now()) + turn.marginMs);
            throw ApplicationFailure.create({
              type: TELEGRAM_FAILURE.uncertain,
              message: `the send may have reached Telegram (${describeTelegramError(err)}); the retry will check before sending again`,
              nextRetryDelay: uncertainRetryDelayMs,
            });
          }
          await store.recordSend({ chatId: chat, postId, owner: who.owner, messageIds, sendId: reserved.sendId });
          turn.markReleased();
          return await markPublished(postId, { chatId: chat, messageIds });
        }
      } finally {
        await turn.release();
      }
    },
  };
}

export type PublishingActivities = ReturnType<typeof createPublishingActivities>;
