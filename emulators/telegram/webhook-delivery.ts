/**
 * Webhook mode: each pending update is POSTed to the bot's URL with the
 * `X-Telegram-Bot-Api-Secret-Token` header, in order, one at a time; a non-2xx answer or a
 * network error is recorded in getWebhookInfo and retried later, as Telegram does. A JSON answer
 * carrying `method` is executed as a "webhook reply".
 */
import type { WebhookInfo } from 'grammy/types';
import type { UpdateQueue } from './update-queue';

/** Webhook settings from setWebhook. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: readonly string[];
}

/** Timing of deliveries. */
export interface WebhookTiming {
  /** Wait before retrying a failed delivery (default 1000 ms; Telegram waits longer). */
  retryDelayMs?: number;
  /** How long to wait for the webhook's answer (default 10 s). */
  timeoutMs?: number;
}

/** Executes a webhook reply (`{"method": "...", ...params}`) as if it were an API call. */
export type WebhookReplyExecutor = (method: string, params: Record<string, unknown>) => Promise<void>;

/** Delivers queued updates to the webhook while one is set. */
export class WebhookDelivery {
  private config: WebhookConfig | undefined;
  private generation = 0;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private lastError: { date: number; message: string } | undefined;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly timing: WebhookTiming,
    private readonly executeReply: WebhookReplyExecutor,
    private readonly log: (line: string) => void,
  ) {
    this.unsubscribe = queue.onEnqueue(() => this.kick());
  }

  active(): boolean {
    return this.config !== undefined;
  }

  set(config: WebhookConfig): void {
    this.config = config;
    this.generation += 1;
    this.lastError = undefined;
    this.queue.setAllowedUpdates(config.allowedUpdates);
    this.cancelRetry();
    this.kick();
  }

  clear(): void {
    this.config = undefined;
    this.generation += 1;
    this.lastError = undefined;
    this.cancelRetry();
  }

  info(): WebhookInfo {
    const base: WebhookInfo = { url: this.config?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.size() };
    if (!this.config) return base;
    return {
      ...base,
      max_connections: this.config.maxConnections,
      ip_address: '127.0.0.1',
      ...(this.queue.allowedUpdates() ? { allowed_updates: [...this.queue.allowedUpdates()!] } : {}),
      ...(this.lastError ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message } : {}),
    } as WebhookInfo;
  }

  /** Stops delivering for good (emulator shutdown). */
  close(): void {
    this.closed = true;
    this.clear();
    this.unsubscribe();
  }

  private kick(): void {
    // While a retry is scheduled the loop is still running: new updates wait behind the failed one.
    if (this.running || !this.config || this.closed) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    while (!this.closed && this.config) {
      const update = this.queue.peek();
      if (!update) return;
      const generation = this.generation;
      const config = this.config;
      const failure = await this.deliver(config, update);
      if (generation !== this.generation) continue; // webhook changed or removed meanwhile
      if (failure === undefined) {
        this.queue.remove(update.update_id);
        continue;
      }
      this.lastError = { date: Math.floor(Date.now() / 1000), message: failure };
      this.log(`webhook delivery of update ${update.update_id} failed: ${failure}`);
      await this.waitBeforeRetry();
    }
  }

  /** Returns undefined on success, else Telegram's description of the failure. */
  private async deliver(config: WebhookConfig, update: object): Promise<string | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.secretToken) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
    try {
      const res = await fetch(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.timing.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (res.status < 200 || res.status >= 300) return `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
      await this.runReply(text);
      return undefined;
    } catch (err) {
      return describeNetworkError(err);
    }
  }

  private async runReply(text: string): Promise<void> {
    if (text.trim() === '') return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (body === null || typeof body !== 'object' || typeof (body as { method?: unknown }).method !== 'string') return;
    const { method, ...params } = body as { method: string } & Record<string, unknown>;
    try {
      await this.executeReply(method, params);
    } catch (err) {
      this.log(`webhook reply ${method} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private waitBeforeRetry(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        this.retryTimer = undefined;
        resolve();
      };
      this.retryTimer = setTimeout(() => this.wake?.(), this.timing.retryDelayMs ?? 1_000);
    });
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wake?.();
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'Read timeout expired';
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'Connection reset by peer';
  if (cause?.code === 'ENOTFOUND') return 'Failed to resolve host: Name or service not known';
  return err instanceof Error ? err.message : String(err);
}
