/**
 * The bot's pending updates and long polling over them, with Telegram's rules: an update stays
 * until a later `offset` confirms it, `timeout` parks the request until an update arrives (no
 * busy loop), a newer getUpdates ends the older one with 409, and `allowed_updates` filters
 * updates as they are created.
 */
import type { Update } from 'grammy/types';
import { conflict } from './errors';

/** Kinds of update (`message`, `channel_post`, `callback_query`, ...). */
export type UpdateKind = Exclude<keyof Update, 'update_id'>;

/** What Telegram withholds unless a bot asks for it explicitly. */
const OPT_IN_KINDS: readonly string[] = ['chat_member', 'message_reaction', 'message_reaction_count'];

interface Waiter {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Pending updates of one bot. */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextUpdateId = 1;
  private allowed: readonly string[] | undefined;
  private waiter: Waiter | undefined;
  private readonly listeners = new Set<() => void>();

  /** The kind of an update: its one field besides `update_id`. */
  static kindOf(update: Partial<Update>): string | undefined {
    return Object.keys(update).find((k) => k !== 'update_id');
  }

  /** Sets the kinds to keep from now on; undefined or empty means Telegram's default set. */
  setAllowedUpdates(kinds: readonly string[] | undefined): void {
    this.allowed = kinds && kinds.length > 0 ? [...kinds] : undefined;
  }

  allowedUpdates(): readonly string[] | undefined {
    return this.allowed;
  }

  /**
   * Assigns an `update_id` and queues the update, unless `allowed_updates` filters its kind out
   * (then it is returned with its id but never delivered, as Telegram drops it).
   */
  enqueue(update: Omit<Update, 'update_id'>): { update: Update; queued: boolean } {
    const full = { update_id: this.nextUpdateId, ...update } as Update;
    this.nextUpdateId += 1;
    const kind = UpdateQueue.kindOf(full) ?? '';
    const queued = this.allowed ? this.allowed.includes(kind) : !OPT_IN_KINDS.includes(kind);
    if (!queued) return { update: full, queued };
    this.pending.push(full);
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve(this.pending.slice(0, w.limit));
    }
    for (const listener of this.listeners) listener();
    return { update: full, queued };
  }

  /** Calls `listener` whenever an update is queued (webhook delivery). */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Confirms updates below `offset`; a negative offset keeps only the last `-offset` ones. */
  confirm(offset: number): void {
    if (offset < 0) this.pending = this.pending.slice(offset);
    else this.pending = this.pending.filter((u) => u.update_id >= offset);
  }

  /** True while a getUpdates call is parked waiting for updates. */
  isPolling(): boolean {
    return this.waiter !== undefined;
  }

  peek(): Update | undefined {
    return this.pending[0];
  }

  /** Removes one delivered update (webhook delivery confirms them one by one). */
  remove(updateId: number): void {
    this.pending = this.pending.filter((u) => u.update_id !== updateId);
  }

  size(): number {
    return this.pending.length;
  }

  snapshot(): Update[] {
    return this.pending.slice();
  }

  /** Forgets all pending updates (`drop_pending_updates`). */
  drop(): void {
    this.pending = [];
  }

  /**
   * Long polling: returns pending updates at once, or waits up to `timeoutSeconds` for the first
   * one. `signal` ends the wait when the client goes away. A newer call ends this one with 409.
   */
  poll(options: { offset?: number; limit: number; timeoutSeconds: number; signal?: AbortSignal }): Promise<Update[]> {
    if (options.offset !== undefined) this.confirm(options.offset);
    this.endWaiter(conflict('terminated by other getUpdates request; make sure that only one bot instance is running'));
    const ready = this.pending.slice(0, options.limit);
    if (ready.length > 0 || options.timeoutSeconds <= 0 || options.signal?.aborted) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter === waiter) this.waiter = undefined;
        resolve([]);
      }, options.timeoutSeconds * 1000);
      const waiter: Waiter = { limit: options.limit, resolve, reject, timer };
      this.waiter = waiter;
      options.signal?.addEventListener('abort', () => {
        if (this.waiter !== waiter) return;
        this.waiter = undefined;
        clearTimeout(timer);
        resolve([]);
      });
    });
  }

  /** Ends a parked getUpdates: with an error (conflict), or empty-handed on shutdown. */
  endWaiter(error?: Error): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    if (error) w.reject(error);
    else w.resolve([]);
  }

  /** Back to an empty queue with update ids starting over. */
  reset(): void {
    this.endWaiter();
    this.pending = [];
    this.nextUpdateId = 1;
    this.allowed = undefined;
  }
}
