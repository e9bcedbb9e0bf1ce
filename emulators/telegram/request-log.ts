/**
 * Every Bot API request the emulator received, with the chats it named, when it arrived, when it
 * was answered and how — kept per emulator, so a test can check what Telegram would have seen:
 * that nothing reached a chat during a flood wait, or how many sends fell in any minute. Events
 * ('received', 'answered') let a test act at the moment a request arrives.
 */
import { EventEmitter } from 'node:events';

/** One request as the emulator saw it. */
export interface LoggedRequest {
  /** Order of arrival, from 1. */
  seq: number;
  method: string;
  /** The chats the request named (`chat_id`, then `from_chat_id`): numeric ids where known. */
  chats: Array<number | string>;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** When it was answered; absent while in flight. */
  answeredAt?: number;
  /** HTTP status of the answer; 0 when the connection was dropped. */
  status?: number;
  /** `retry_after` of a 429. */
  retryAfter?: number;
}

/** The request log of one emulator. */
export class RequestLog extends EventEmitter<{ received: [LoggedRequest]; answered: [LoggedRequest] }> {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;

  /** Notes a request on arrival. */
  received(method: string, chats: Array<number | string>): LoggedRequest {
    const entry: LoggedRequest = { seq: this.nextSeq++, method, chats, at: Date.now() };
    this.entries.push(entry);
    this.emit('received', entry);
    return entry;
  }

  /** Notes its answer. */
  answered(entry: LoggedRequest, status: number, retryAfter?: number): void {
    entry.answeredAt = Date.now();
    entry.status = status;
    if (retryAfter !== undefined) entry.retryAfter = retryAfter;
    this.emit('answered', entry);
  }

  /** Requests in arrival order, all or those naming `chatId`. */
  list(chatId?: number | string): LoggedRequest[] {
    const all = this.entries.map((e) => ({ ...e, chats: [...e.chats] }));
    return chatId === undefined ? all : all.filter((e) => e.chats.some((c) => String(c) === String(chatId)));
  }

  clear(): void {
    this.entries = [];
    this.nextSeq = 1;
  }
}
