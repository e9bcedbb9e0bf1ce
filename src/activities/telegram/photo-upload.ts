/**
 * Photos a post carries as web URLs (a channel's web preview links its photos on Telegram's CDN)
 * are downloaded by the publishing activity and uploaded with the listing, as `InputFile`s:
 * Telegram's own fetch of a URL is slower, fails on some CDN hosts and gives no error we could
 * act on. File ids (posts the bot received) go on as they are. The bytes stay in memory for the
 * attempt (at most an album of 10 photos of Telegram's 10 MB photo limit), so a retried request
 * sends the same bytes again.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { InputFile } from 'grammy';
import { TELEGRAM_FAILURE } from '../../common/failure-types';

/** Telegram's limit for a photo sent by upload. */
export const PHOTO_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export interface PhotoDownloadOptions {
  fetchImplementation?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

/** A photo as it is sent: a file id, or the downloaded bytes of a URL. */
export type PhotoToSend = string | InputFile;

const isWebUrl = (ref: string) => /^https?:\/\//i.test(ref);

/** A URL for messages: no query (a CDN token is no one's business in a log). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Downloads one photo URL; a 4xx answer (gone, forbidden) fails for good, anything else may be retried. */
async function download(url: string, index: number, { fetchImplementation = fetch, timeoutMs = 20_000, maxBytes = PHOTO_UPLOAD_MAX_BYTES }: PhotoDownloadOptions): Promise<InputFile> {
  const where = `photo ${index + 1} (${shown(url)})`;
  let response: Response;
  try {
    response = await fetchImplementation(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw ApplicationFailure.retryable(`${where}: download failed: ${err instanceof Error ? err.message : String(err)}`, TELEGRAM_FAILURE.photoDownload);
  }
  if (!response.ok) {
    const message = `${where}: download answered HTTP ${response.status}`;
    throw response.status >= 400 && response.status < 500 && response.status !== 429
      ? ApplicationFailure.nonRetryable(message, TELEGRAM_FAILURE.photoDownload)
      : ApplicationFailure.retryable(message, TELEGRAM_FAILURE.photoDownload);
  }
  const type = response.headers.get('content-type') ?? '';
  if (type !== '' && !/^image\//i.test(type)) throw ApplicationFailure.nonRetryable(`${where}: not an image (content-type ${type})`, TELEGRAM_FAILURE.photoDownload);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength === 0) throw ApplicationFailure.nonRetryable(`${where}: empty file`, TELEGRAM_FAILURE.photoDownload);
  if (bytes.byteLength > maxBytes) throw ApplicationFailure.nonRetryable(`${where}: ${bytes.byteLength} bytes, more than Telegram's ${maxBytes} for a photo`, TELEGRAM_FAILURE.photoDownload);
  return new InputFile(bytes, `photo-${index + 1}.jpg`);
}

/** The listing's photos as they are sent: URLs downloaded (in parallel), file ids as they are. */
export async function photosToSend(refs: readonly string[], options: PhotoDownloadOptions = {}): Promise<PhotoToSend[]> {
  return Promise.all(refs.map((ref, i) => (isWebUrl(ref) ? download(ref, i, options) : Promise.resolve(ref))));
}
