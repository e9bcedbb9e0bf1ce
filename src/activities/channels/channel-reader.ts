/**
 * What a channel watcher needs from Telegram: the posts of one channel after a message id,
 * newest page first. Two readers implement it — the public web preview (`t.me/s/<username>`,
 * no login, public channels only) and MTProto with a user account (any channel the account can
 * see) — so the watcher and its activities never know which one runs.
 */
import type { ChannelPost, ReaderKind } from '../../common/monitor';

/** A post as a reader returns it, before fingerprinting. */
export type RawChannelPost = Omit<ChannelPost, 'fingerprint'>;

/** One page of a channel, oldest post first. */
export interface ChannelPage {
  posts: RawChannelPost[];
  /** The message id to ask `before` for the next older page; undefined: there are no older posts. */
  olderBefore?: number;
}

export interface ChannelReader {
  readonly kind: ReaderKind;
  /**
   * The newest page of posts (no `before`), or the page of posts before message `before`.
   * Throws ApplicationFailures typed with MONITOR_FAILURE.
   */
  page(channel: string, options: { before?: number; signal?: AbortSignal }): Promise<ChannelPage>;
  close?(): Promise<void>;
}
