/**
 * The MTProto reader: a user account (GramJS, the `telegram` package) reads any channel it can
 * see, private ones it has joined included. GramJS's own flood sleeping is off
 * (`floodSleepThreshold: 0`, the client is built in `workers/clients.ts`) and so are its retries: a `FLOOD_WAIT_X` becomes a retryable failure
 * whose next attempt waits exactly X seconds (`nextRetryDelay`), and Temporal does the retrying.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { TelegramClient } from 'telegram';
import { FloodWaitError, RPCError } from 'telegram/errors';
import { MONITOR_FAILURE } from '../../common/monitor';
import type { ChannelPage, ChannelReader } from './channel-reader';
import { messagesToPosts } from './mtproto-posts';

/** Messages per history request (Telegram returns at most 100). */
const PAGE_SIZE = 50;

export interface MtprotoAccount {
  apiId: number;
  apiHash: string;
  session: string;
}

/** RPC errors that no retry fixes: the account can't see the channel, or the session is gone. */
const ACCESS_ERRORS = /^(CHANNEL_PRIVATE|CHANNEL_INVALID|CHAT_FORBIDDEN|USERNAME_NOT_OCCUPIED|USERNAME_INVALID|AUTH_KEY_UNREGISTERED|AUTH_KEY_DUPLICATED|SESSION_REVOKED|USER_DEACTIVATED|USER_DEACTIVATED_BAN)/;

/** Telegram's errors as the activity's failures, in one place. */
export function mtprotoFailure(channel: string, err: unknown): ApplicationFailure {
  if (err instanceof FloodWaitError) {
    return ApplicationFailure.create({
      type: MONITOR_FAILURE.rateLimited,
      message: `Telegram asked the account to wait ${err.seconds} s (FLOOD_WAIT_${err.seconds}) reading ${channel}`,
      nextRetryDelay: `${Math.max(1, err.seconds)}s`,
      details: [{ retryAfterSeconds: err.seconds }],
    });
  }
  if (err instanceof RPCError && ACCESS_ERRORS.test(err.errorMessage)) {
    return ApplicationFailure.create({ type: MONITOR_FAILURE.accessDenied, nonRetryable: true, message: `the user account can't read ${channel}: ${err.errorMessage}` });
  }
  if (err instanceof Error && /Cannot find any entity|No user has|Could not find the input entity/i.test(err.message)) {
    return ApplicationFailure.create({ type: MONITOR_FAILURE.accessDenied, nonRetryable: true, message: `the user account can't find ${channel}: ${err.message}` });
  }
  return ApplicationFailure.create({ type: MONITOR_FAILURE.unavailable, message: `reading ${channel} over MTProto: ${err instanceof Error ? err.message : String(err)}` });
}

/** A reader over one user account's client (`createMtprotoReaderClient`); connects on first use. */
export function createMtprotoReader(client: TelegramClient): ChannelReader {
  let connected: Promise<unknown> | undefined;
  return {
    kind: 'mtproto',
    async page(channel, { before }): Promise<ChannelPage> {
      try {
        connected ??= client.connect();
        await connected;
        const ref = channel.startsWith('@') ? channel.slice(1) : channel;
        const messages = await client.getMessages(ref, { limit: PAGE_SIZE, ...(before !== undefined && { offsetId: before }) });
        const posts = messagesToPosts(channel, messages);
        const oldest = messages.reduce((min, m) => Math.min(min, m.id), Number.POSITIVE_INFINITY);
        return { posts, ...(messages.length >= PAGE_SIZE && Number.isFinite(oldest) ? { olderBefore: oldest } : {}) };
      } catch (err) {
        connected = undefined;
        throw mtprotoFailure(channel, err);
      }
    },
    async close() {
      await client.disconnect().catch(() => undefined);
    },
  };
}
