/**
 * OpenAI's own account of its rate limits, honoured: every answer (a 429 too) carries
 * `x-ratelimit-remaining-requests|tokens` and `x-ratelimit-reset-requests|tokens` (durations
 * such as `20ms`, `1s`, `6m0s`). When the account has no request left, or fewer tokens than a
 * call takes, this worker's next calls wait until OpenAI says the budget is back, instead of
 * spending attempts on 429s. One gate per worker process; the `ai` queue's server-side rate
 * (OPENAI_REQUESTS_PER_MINUTE) is what keeps all workers together under the limit.
 */

/** Milliseconds in an OpenAI reset duration (`1h2m3.5s`, `250ms`); undefined when unreadable. */
export function parseResetDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
  return Math.ceil(parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0));
}

function readNumber(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** What the gate reads headers from (a fetch `Headers`). */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

export interface RateGateOptions {
  /** The longest one wait lasts (the activity's attempt must outlive it). Default 30 s. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class OpenAiRateGate {
  private pausedUntil = 0;
  /** Tokens a call has taken lately (moving average), to tell whether the remaining tokens suffice. */
  private tokensPerCall = 0;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateGateOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Reads an answer's rate-limit headers; `tokens` is what the call took, when known. */
  observe(headers: HeaderSource | undefined, tokens?: number): void {
    if (tokens !== undefined && tokens > 0) this.tokensPerCall = this.tokensPerCall === 0 ? tokens : Math.round(this.tokensPerCall * 0.8 + tokens * 0.2);
    if (!headers) return;
    const now = this.now();
    const requestsLeft = readNumber(headers, 'x-ratelimit-remaining-requests');
    const tokensLeft = readNumber(headers, 'x-ratelimit-remaining-tokens');
    if (requestsLeft !== undefined && requestsLeft <= 0) this.pauseFor(now, parseResetDuration(headers.get('x-ratelimit-reset-requests')));
    if (tokensLeft !== undefined && tokensLeft < Math.max(1, this.tokensPerCall)) this.pauseFor(now, parseResetDuration(headers.get('x-ratelimit-reset-tokens')));
  }

  private pauseFor(now: number, ms: number | undefined): void {
    if (ms === undefined || ms <= 0) return;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(ms, this.maxWaitMs));
  }

  /** How long calls are held back from now (0: go). */
  waitMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Waits until OpenAI's budget is back (at once when it is). */
  async ready(): Promise<void> {
    const ms = this.waitMs();
    if (ms > 0) await this.sleep(ms);
  }
}
