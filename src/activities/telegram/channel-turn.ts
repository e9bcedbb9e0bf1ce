/**
 * One attempt's turn at our channel: it waits for the channel's lease, holds it with heartbeats,
 * and waits for flood waits and the sliding window inside the activity, heartbeating — so a busy
 * channel costs no retries and none of the publishing queue's rate tokens, and the wait shows as
 * the pending activity's heartbeat details. Every request goes out through `beforeRequest` or
 * `reserveSend`, which renew the lease and give the request a deadline ending before the lease
 * could run out: whatever this attempt sends has landed, or been given up, before anyone else may
 * take the channel over.
 */
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { TELEGRAM_FAILURE } from '../../common/failure-types';
import type { Api } from 'grammy';
import type { LeaseOwner, Store } from '../../db';

/** grammY's spelling of an AbortSignal (its types come from a polyfill's). */
export type RequestSignal = NonNullable<Parameters<Api['deleteMessage']>[2]>;

/** A signal that aborts a Telegram request after `ms`: the deadline `beforeRequest` or `reserveSend` gave. */
export function deadlineSignal(ms: number): RequestSignal {
  return AbortSignal.timeout(ms) as unknown as RequestSignal;
}

export interface ChannelTurnOptions {
  store: Pick<Store, 'acquireSendLease' | 'cancelSend' | 'floodWaitMs' | 'releaseSendLease' | 'renewSendLease' | 'reserveSend'>;
  /** The channel, normalised. */
  chat: string;
  who: LeaseOwner;
  leaseMs: number;
  /** At most `limit` sends in any `windowMs`. */
  limit: number;
  windowMs: number;
  /** The Telegram client's own timeout: no request deadline is longer. */
  clientTimeoutMs: number;
  /** How long one attempt waits inside the activity before leaving the wait to Temporal's retry. */
  maxWaitMs: number;
  /** How often a waiting attempt looks whether the lease came free. */
  pollMs?: number;
}

type WaitReason = 'lease' | 'flood-wait' | 'window';

/** A place in the channel's window, and how long its request may take. */
export interface ReservedSend {
  sendId: number;
  /** Abort the request after this many ms. */
  timeoutMs: number;
}

export class ChannelTurn {
  /** Time kept between a request's deadline and the lease's expiry (clock rates, scheduling). */
  readonly marginMs: number;
  /** The longest deadline a request gets. */
  readonly requestTimeoutMs: number;
  private held = false;
  /** Local time before which the lease is certainly still ours. */
  private validUntil = 0;
  private lastRenew = 0;
  private waitedMs = 0;

  constructor(private readonly o: ChannelTurnOptions) {
    this.marginMs = Math.max(500, Math.round(o.leaseMs / 5));
    this.requestTimeoutMs = Math.max(500, Math.min(o.clientTimeoutMs, o.leaseMs - 2 * this.marginMs));
  }

  get holds(): boolean {
    return this.held;
  }

  /** Waits until the channel's lease is ours. */
  async acquire(): Promise<void> {
    for (;;) {
      const asked = Date.now();
      const result = await this.o.store.acquireSendLease(this.o.chat, this.o.who, this.o.leaseMs);
      if (result.acquired) {
        this.held = true;
        this.validUntil = asked + this.o.leaseMs;
        this.lastRenew = asked;
        if (result.previous && result.previous.postId !== this.o.who.postId) {
          log.warn('took over the channel from a holder that stopped renewing it', { chat: this.o.chat, postId: this.o.who.postId, previousPostId: result.previous.postId, previousOwner: result.previous.owner });
        }
        return;
      }
      const poll = this.o.pollMs ?? 250;
      await this.wait('lease', Math.max(50, Math.min(poll, result.expiresInMs || poll)), { heldBy: result.heldBy });
    }
  }

  /**
   * Call before any request to `chats` that isn't a send (the probe's): waits out their flood
   * waits, renews the lease and returns the request's timeout in ms.
   */
  async beforeRequest(chats: readonly string[]): Promise<number> {
    for (;;) {
      const flood = await this.o.store.floodWaitMs(chats);
      if (flood > 0) {
        await this.wait('flood-wait', flood, {});
        continue;
      }
      const asked = Date.now();
      await this.renewNow();
      const timeout = Math.min(asked + this.requestTimeoutMs, this.validUntil - this.marginMs) - Date.now();
      if (timeout >= 200) return timeout;
    }
  }

  /** Waits for the flood wait and the window, then records the send; returns its timeout. */
  async reserveSend(): Promise<ReservedSend> {
    for (;;) {
      await this.renewNow();
      const asked = Date.now();
      const deadline = Math.min(asked + this.requestTimeoutMs, this.validUntil - this.marginMs);
      if (deadline - asked < 200) continue;
      const result = await this.o.store.reserveSend({
        chatId: this.o.chat,
        postId: this.o.who.postId,
        owner: this.o.who.owner,
        leaseNeededMs: deadline - asked + this.marginMs,
        deadlineMs: deadline - asked,
        limit: this.o.limit,
        windowMs: this.o.windowMs,
      });
      if (result.reserved) {
        const timeoutMs = deadline - Date.now();
        if (timeoutMs >= 200) return { sendId: result.sendId, timeoutMs };
        await this.o.store.cancelSend(result.sendId); // too slow to be sure of the lease: again
        continue;
      }
      if (result.reason === 'lease') throw this.lost();
      await this.wait(result.reason, result.waitMs, {});
    }
  }

  /** Heartbeats (with what the attempt is doing) and renews the lease when a third of it has passed. */
  async keepAlive(details: Record<string, unknown>): Promise<void> {
    Context.current().heartbeat({ postId: this.o.who.postId, ...details });
    if (this.held && Date.now() - this.lastRenew >= this.o.leaseMs / 3) await this.renewNow();
  }

  /** Gives the lease up now, or with `keepMs` lets it run out that long from now at the latest. */
  async release(keepMs?: number): Promise<void> {
    if (!this.held) return;
    this.held = false;
    try {
      await this.o.store.releaseSendLease(this.o.chat, this.o.who.owner, keepMs);
    } catch (err) {
      // It runs out by itself; the channel waits for it at most PUBLISH_LEASE.
      log.warn('could not release the channel; it will expire', { chat: this.o.chat, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The lease was given up with the recorded send, in one transaction. */
  markReleased(): void {
    this.held = false;
  }

  private async renewNow(): Promise<void> {
    if (!this.held) throw this.lost();
    Context.current().heartbeat({ postId: this.o.who.postId, holding: this.o.chat });
    const asked = Date.now();
    if (!(await this.o.store.renewSendLease(this.o.chat, this.o.who.owner, this.o.leaseMs))) {
      this.held = false;
      throw this.lost();
    }
    this.validUntil = asked + this.o.leaseMs;
    this.lastRenew = asked;
  }

  /** Sleeps `ms` in slices, heartbeating; hands a wait longer than the attempt's budget to Temporal. */
  private async wait(reason: WaitReason, ms: number, details: Record<string, unknown>): Promise<void> {
    if (this.waitedMs + ms > this.o.maxWaitMs) {
      const what = reason === 'lease' ? 'another listing holds the channel' : reason === 'flood-wait' ? 'Telegram asked to wait (429)' : 'the channel has had its posts for this window';
      throw ApplicationFailure.create({
        type: reason === 'flood-wait' ? TELEGRAM_FAILURE.rateLimited : TELEGRAM_FAILURE.channelBusy,
        message: `${what}; waited ${Math.round(this.waitedMs / 1000)} s in this attempt, the next one goes on waiting`,
        nextRetryDelay: Math.max(1_000, reason === 'lease' ? 1_000 : ms),
      });
    }
    const end = Date.now() + ms;
    const slice = Math.max(100, Math.min(1_000, this.o.leaseMs / 4));
    for (;;) {
      await this.keepAlive({ waiting: reason, forMs: Math.max(0, end - Date.now()), ...details });
      const left = end - Date.now();
      if (left <= 0) break;
      await Context.current().sleep(Math.min(left, slice));
    }
    this.waitedMs += ms;
  }

  private lost(): ApplicationFailure {
    return ApplicationFailure.create({
      type: TELEGRAM_FAILURE.channelBusy,
      message: `lost the hold on ${this.o.chat} (no renewal within PUBLISH_LEASE); trying again`,
      nextRetryDelay: 1_000,
    });
  }
}
