/**
 * The reader activity of the channel watchers, on the `monitor` queue (rate-limited by the
 * server for all workers at once). One call reads the newest page and pages back with `before`
 * until it reaches the cursor or has MONITOR_BACKFILL posts: after downtime, the newest posts
 * missed are caught up and older ones are counted as skipped instead of being read forever.
 */
import { Context } from '@temporalio/activity';
import { contentFingerprint } from '../../db/fingerprint';
import type { ChannelPost, ChannelReadResult, ReadChannelInput } from '../../common/monitor';
import type { ChannelReader, RawChannelPost } from './channel-reader';

export interface ChannelReadActivityDeps {
  reader: ChannelReader;
  /** MONITOR_BACKFILL: posts after the cursor one read hands over at most. */
  backfill: number;
}

/** A page more than this beyond the cap is never read: the count of skipped posts is then an estimate from the ids. */
const MAX_PAGES = 60;

function withFingerprint(post: RawChannelPost): ChannelPost {
  return { ...post, fingerprint: contentFingerprint(post.text) };
}

export function createChannelReadActivities({ reader, backfill }: ChannelReadActivityDeps) {
  return {
    /** The posts of a channel after `after` (oldest first, at most MONITOR_BACKFILL) and its newest page. */
    async readChannel({ channel, after }: ReadChannelInput): Promise<ChannelReadResult> {
      const ctx = Context.current();
      const first = await reader.page(channel, { signal: ctx.cancellationSignal });
      const recent = first.posts.map(withFingerprint);
      const newestId = first.posts.length > 0 ? Math.max(...first.posts.map((p) => p.lastMessageId)) : null;
      if (after === null) return { reader: reader.kind, posts: [], recent, newestId, skipped: 0 };

      const found = new Map<number, RawChannelPost>();
      let page = first;
      for (let pages = 1; ; pages += 1) {
        for (const p of page.posts) if (p.lastMessageId > after) found.set(p.messageId, p);
        const oldest = page.posts[0]?.messageId;
        const more = page.olderBefore !== undefined && oldest !== undefined && oldest > after + 1;
        if (!more || found.size >= backfill || pages >= MAX_PAGES) {
          const posts = [...found.values()].sort((a, b) => a.messageId - b.messageId);
          const kept = posts.slice(-backfill);
          // Posts between the cursor and the oldest one read were not read at all: counted from
          // their ids (deleted posts leave gaps, so it is at most that many).
          const unread = more && oldest !== undefined ? oldest - after - 1 : 0;
          return { reader: reader.kind, posts: kept.map(withFingerprint), recent, newestId, skipped: posts.length - kept.length + unread };
        }
        ctx.heartbeat({ pages, found: found.size });
        page = await reader.page(channel, { before: page.olderBefore, signal: ctx.cancellationSignal });
      }
    },
  };
}

/** What the watchers proxy on the monitor queue (type only, for `proxyActivities`). */
export type ChannelReadActivities = ReturnType<typeof createChannelReadActivities>;
