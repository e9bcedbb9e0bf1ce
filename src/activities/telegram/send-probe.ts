/**
 * The read-only outcome check after a send whose answer was lost: each message id above the
 * pending send's floor that the database doesn't know is forwarded to the bot's private probe
 * chat, the copy is compared with the listing (`listing-match.ts`) and deleted again. Nothing in
 * the channel is edited or sent, so another admin's post among the candidates stays exactly as
 * it was (a forward only counts in its share counter). A candidate Telegram can't find, or that
 * can't be forwarded, is not ours; any other refusal means the check itself can't be made, and
 * then the attempt fails as "outcome unknown" rather than risk a second copy.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import { GrammyError, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import { TELEGRAM_FAILURE } from '../../common/failure-types';
import type { PendingSend, Store } from '../../db';
import { deadlineSignal, type ChannelTurn } from './channel-turn';
import { isListingMessage } from './listing-match';
import type { Listing } from './listing';
import { describeTelegramError, isDefiniteRefusal, retryAfterOf } from './telegram-failures';

/** Telegram's answers about one candidate that say "this one is not ours to find". */
const NOT_A_CANDIDATE = /message to forward not found|message can't be forwarded|MESSAGE_ID_INVALID/i;

export interface ProbeContext {
  api: Api;
  store: Pick<Store, 'highestMessageId' | 'knownMessageIds' | 'recordFloodWait'>;
  turn: ChannelTurn;
  /** Our channel as the API is given it, and normalised (the database's spelling). */
  channelId: string;
  chat: string;
  /** Where candidates are forwarded; undefined: no check is possible. */
  probeChatId?: string;
  /** How many unknown ids past the highest recorded one are looked at. */
  probeWindow: number;
}

/** Why the probe can't decide, as a failure a person can act on. */
function cannotCheck(postId: number, reason: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: TELEGRAM_FAILURE.outcomeUnknown,
    message: `post ${postId}: an earlier send may have reached the channel and can't be checked (${reason}); look in the channel, and publish the post again only if it is missing`,
    nonRetryable: true,
  });
}

/** The ids of the listing an earlier attempt sent, or undefined when it never landed. */
export async function findEarlierSend(p: ProbeContext, postId: number, listing: Listing, contactLink: string, pending: PendingSend): Promise<number[] | undefined> {
  if (!p.probeChatId) throw cannotCheck(postId, 'no TELEGRAM_PROBE_CHAT_ID or TELEGRAM_ADMIN_IDS to forward candidates to');
  const probeChat = p.probeChatId;
  const highest = await p.store.highestMessageId(p.chat);
  const from = pending.floorMessageId + 1;
  const to = Math.max(pending.floorMessageId, highest) + p.probeWindow;
  const known = await p.store.knownMessageIds(p.chat, from, to);
  for (let id = from; id <= to; id++) {
    if (known.has(id)) continue;
    await p.turn.keepAlive({ probing: id, upTo: to });
    const copy = await forwardCandidate(p, postId, probeChat, id);
    if (!copy) continue;
    const ours = isListingMessage(copy, listing, contactLink, p.chat, id);
    await deleteCopy(p, probeChat, copy.message_id);
    if (ours) {
      const count = listing.kind === 'album' ? listing.photos.length : 1;
      return Array.from({ length: count }, (_, i) => id + i);
    }
  }
  return undefined;
}

/** Forwards one candidate to the probe chat; undefined when it isn't a message we could have sent. */
async function forwardCandidate(p: ProbeContext, postId: number, probeChat: string, id: number): Promise<Message | undefined> {
  for (;;) {
    const timeoutMs = await p.turn.beforeRequest([p.chat, probeChat]);
    try {
      return await p.api.forwardMessage(probeChat, p.channelId, id, { disable_notification: true }, deadlineSignal(timeoutMs));
    } catch (err) {
      const retryAfter = retryAfterOf(err);
      if (retryAfter !== undefined) {
        await p.store.recordFloodWait(probeChat, retryAfter); // a forward is a send into the probe chat
        continue;
      }
      if (err instanceof GrammyError && err.error_code === 400 && NOT_A_CANDIDATE.test(err.description)) return undefined;
      if (isDefiniteRefusal(err)) throw cannotCheck(postId, `Telegram refused to forward to the probe chat: ${describeTelegramError(err)}`);
      // 5xx or network: the check can be made again; the retry looks once more.
      throw ApplicationFailure.create({ type: TELEGRAM_FAILURE.network, message: `checking for an earlier send: ${describeTelegramError(err)}`, nextRetryDelay: 2_000 });
    }
  }
}

/** Removes the copy from the probe chat; one left behind is harmless, so failures are only logged. */
async function deleteCopy(p: ProbeContext, probeChat: string, messageId: number): Promise<void> {
  try {
    const timeoutMs = await p.turn.beforeRequest([probeChat]);
    await p.api.deleteMessage(probeChat, messageId, deadlineSignal(timeoutMs));
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err;
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) await p.store.recordFloodWait(probeChat, retryAfter);
    log.warn('could not delete a copy in the probe chat', { messageId, error: describeTelegramError(err) });
  }
}
