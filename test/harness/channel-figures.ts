/**
 * The figures publishing is judged by, computed from what the Telegram emulator saw: sends,
 * duplicate listings, the longest stall of the channel, requests that reached a chat inside a
 * flood wait it had been given, and the most sends in any sliding window.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoggedRequest, SentMessage } from '../../emulators/telegram';

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup']);

export interface ChannelFigures {
  /** Successful sends into the channel (an album counts once). */
  sends: number;
  /** Listings that appear more than once. */
  duplicates: number;
  /** Listings expected but not in the channel. */
  missing: number;
  /** Longest time between two successful sends, ms. */
  longestStallMs: number;
  /** Requests to the chat that arrived while a 429 it got said to wait. */
  requestsInsideFloodWaits: number;
  /** 429s the chat got (as the chat sent to). */
  floodWaits: number;
  /** Most successful sends that arrived within any window of `windowMs`. */
  mostSendsInWindow: number;
  windowMs: number;
}

/** The post id whose contacts link a channel message carries. */
export function listingPostId(message: SentMessage): number | undefined {
  const text = JSON.stringify(message.replyMarkup ?? '') + (message.caption ?? '');
  const match = /contact_(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Requests naming a chat that arrived in `(answeredAt, answeredAt + retry_after)` of a 429 that
 * chat got (a 429 is the chat's the request was sent to: its `chat_id`).
 */
export function requestsInsideFloodWaits(requests: LoggedRequest[]): LoggedRequest[] {
  const waits = requests.filter((r) => r.status === 429 && r.retryAfter !== undefined && r.answeredAt !== undefined && r.chats.length > 0);
  return requests.filter((r) =>
    waits.some((w) => r.chats.some((chat) => String(chat) === String(w.chats[0])) && r.at > w.answeredAt! && r.at < w.answeredAt! + w.retryAfter! * 1000),
  );
}

/** The most of `times` within any half-open window `[t, t + windowMs)`. */
export function mostInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Computes the figures for `expected` listings from the channel's (`chatId`) messages and request log. */
export function channelFigures(input: { chatId: number; messages: SentMessage[]; requests: LoggedRequest[]; expected: number[]; windowMs: number }): ChannelFigures {
  const counts = new Map<number, number>();
  for (const m of input.messages) {
    const id = listingPostId(m);
    // An album is several messages with one caption: count the captioned one.
    if (id !== undefined && (m.method !== 'sendMediaGroup' || m.caption)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const sendTimes = input.requests.filter((r) => SENDS.has(r.method) && r.status === 200 && String(r.chats[0]) === String(input.chatId)).map((r) => r.at);
  const sorted = [...sendTimes].sort((a, b) => a - b);
  let longestStallMs = 0;
  for (let i = 1; i < sorted.length; i++) longestStallMs = Math.max(longestStallMs, sorted[i] - sorted[i - 1]);
  return {
    sends: sendTimes.length,
    duplicates: [...counts.values()].filter((n) => n > 1).length,
    missing: input.expected.filter((id) => !counts.has(id)).length,
    longestStallMs,
    requestsInsideFloodWaits: requestsInsideFloodWaits(input.requests).length,
    floodWaits: input.requests.filter((r) => r.status === 429 && String(r.chats[0]) === String(input.chatId)).length,
    mostSendsInWindow: mostInWindow(sendTimes, input.windowMs),
    windowMs: input.windowMs,
  };
}

/** Prints the figures in one line, to find in the test output, and appends them to test/.tmp. */
export function reportFigures(name: string, figures: ChannelFigures & Record<string, unknown>): void {
  const line = `publishing figures [${name}]: ${JSON.stringify(figures)}`;
  process.stdout.write(`\n${line}\n`);
  const dir = path.resolve(__dirname, '..', '.tmp');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'publishing-figures.jsonl'), `${JSON.stringify({ name, at: new Date().toISOString(), ...figures })}\n`);
}
