/**
 * The public web preview reader: `GET <root>/s/<username>[?before=N]`, no login, public channels
 * only. Telegram's answers become typed failures here, once: a 429 is retried after exactly its
 * `Retry-After` (`nextRetryDelay`), 5xx and network errors are retried with backoff, and a channel
 * without a preview (t.me redirects to its plain page) is not retried — it won't get a preview by
 * asking again.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { MONITOR_FAILURE } from '../../common/monitor';
import type { ChannelPage, ChannelReader } from './channel-reader';
import { NotAPreviewPageError, parsePreviewPage } from './preview-page';

export interface WebPreviewReaderOptions {
  /** `https://t.me`, or the Telegram emulator. */
  root: string;
  /** Per request; below the read activity's start-to-close timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Reads public channels through their web preview. */
export function createWebPreviewReader({ root, timeoutMs = 15_000, fetch: doFetch = fetch }: WebPreviewReaderOptions): ChannelReader {
  const base = root.replace(/\/+$/, '');
  return {
    kind: 'web-preview',
    async page(channel, { before, signal }): Promise<ChannelPage> {
      const username = channel.replace(/^@/, '');
      if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(username)) {
        throw ApplicationFailure.create({ type: MONITOR_FAILURE.notPublic, nonRetryable: true, message: `${channel}: only a public @username has a web preview` });
      }
      const url = `${base}/s/${username}${before !== undefined ? `?before=${before}` : ''}`;
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        response = await doFetch(url, { redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'text/html' } });
      } catch (err) {
        throw ApplicationFailure.create({ type: MONITOR_FAILURE.unavailable, message: `reading the web preview of ${channel}: ${(err as Error).message}` });
      }
      if (response.status === 429) {
        const wait = retryAfterSeconds(response.headers.get('retry-after'));
        throw ApplicationFailure.create({
          type: MONITOR_FAILURE.rateLimited,
          message: `the web preview of ${channel} answered 429 Too Many Requests${wait !== undefined ? `: retry after ${wait} s` : ''}`,
          ...(wait !== undefined && { nextRetryDelay: `${wait}s` }),
          details: [{ retryAfterSeconds: wait ?? null }],
        });
      }
      if (response.status >= 300 && response.status < 400) {
        throw ApplicationFailure.create({
          type: MONITOR_FAILURE.notPublic,
          nonRetryable: true,
          message: `${channel} has no public web preview (private, renamed, or no such channel); a user account (TELEGRAM_API_ID, TELEGRAM_API_HASH, TELEGRAM_SESSION) can read private channels it has joined`,
        });
      }
      if (response.status >= 500 || response.status === 408) {
        throw ApplicationFailure.create({ type: MONITOR_FAILURE.unavailable, message: `the web preview of ${channel} answered ${response.status}` });
      }
      if (response.status !== 200) {
        throw ApplicationFailure.create({ type: MONITOR_FAILURE.unreadablePage, nonRetryable: true, message: `the web preview of ${channel} answered ${response.status}` });
      }
      const html = await response.text();
      try {
        return parsePreviewPage(html, username);
      } catch (err) {
        if (err instanceof NotAPreviewPageError) throw ApplicationFailure.create({ type: MONITOR_FAILURE.notPublic, nonRetryable: true, message: err.message });
        throw err;
      }
    },
  };
}

/** `Retry-After` in seconds (a number, or an HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Math.max(1, Number(header.trim()));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
