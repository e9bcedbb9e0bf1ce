/**
 * Serves the channels' web previews (`GET /s/<username>`) and their photos, as t.me does for
 * anyone without logging in. Faults of kind `preview` apply here (`only: ["preview"]` aims them
 * at previews alone): an injected 429 answers Telegram's "Too Many Requests" page with a
 * `Retry-After` header, other statuses a short error page, an outage drops the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection } from '../common/http';
import type { FaultInjector } from '../common/faults';
import { PREVIEW_FILE_PATH, PREVIEW_JPEG, renderChannelPreview } from './channel-preview';
import type { TelegramEmulatorCore } from './emulator-core';

/** The fault kind of preview pages and their photos. */
export const PREVIEW_FAULT_KIND = 'preview';

const PREVIEW_PATH = /^\/s\/([A-Za-z][A-Za-z0-9_]{3,31})\/?$/;
const FILE_PATH = new RegExp(`^${PREVIEW_FILE_PATH}[A-Za-z0-9_-]+\\.jpg$`);

/** Answers preview and preview-photo requests; returns false for other paths. */
export async function handleChannelPreview(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: TelegramEmulatorCore,
  faults: FaultInjector,
  log: (line: string) => void,
): Promise<boolean> {
  const page = PREVIEW_PATH.exec(url.pathname);
  const file = FILE_PATH.test(url.pathname);
  if (!page && !file) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  // Page loads are logged like Bot API calls (method `preview`), by the channel they show.
  const logged = page ? core.requests.received(PREVIEW_FAULT_KIND, [core.resolveChatId(`@${page[1]}`) ?? `@${page[1]}`]) : undefined;
  const decision = await faults.decide(PREVIEW_FAULT_KIND);
  if (decision.kind === 'outage') {
    if (logged) core.requests.answered(logged, 0);
    dropConnection(req, res);
    return true;
  }
  if (decision.kind === 'error') {
    if (logged) core.requests.answered(logged, decision.status, decision.status === 429 ? decision.retryAfterSeconds : undefined);
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (decision.status === 429) headers['retry-after'] = String(decision.retryAfterSeconds);
    const text = decision.status === 429 ? 'Too Many Requests' : decision.status >= 500 ? 'Internal Server Error' : 'Bad Request';
    res.writeHead(decision.status, headers).end(`<html><head><title>${decision.status} ${text}</title></head><body><center><h1>${decision.status} ${text}</h1></center><hr><center>nginx</center></body></html>\n`);
    log(`GET ${url.pathname} ${decision.status} (injected)`);
    return true;
  }
  if (file) {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(PREVIEW_JPEG.length), 'cache-control': 'max-age=2592000' }).end(PREVIEW_JPEG);
    return true;
  }
  const username = page![1];
  const entry = core.state.resolveChat(`@${username}`);
  if (!entry || entry.chat.type !== 'channel' || !entry.chat.username) {
    // No public channel of that name: t.me sends the visitor to the plain page instead.
    res.writeHead(302, { location: `/${username}` }).end();
    if (logged) core.requests.answered(logged, 302);
    return true;
  }
  const before = idParam(url, 'before');
  const after = idParam(url, 'after');
  const html = renderChannelPreview(entry, { before, after }, url.origin);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : html);
  if (logged) core.requests.answered(logged, 200);
  log(`GET ${url.pathname}${url.search} 200`);
  return true;
}

function idParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
