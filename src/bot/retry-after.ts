/**
 * Telegram answers 429 with `retry_after` when the bot writes too fast to one chat (about one
 * message a second). The bot's replies are answers a person is waiting for, so a short wait is
 * better than a lost answer: wait exactly as long as Telegram says, a few times at most, and
 * give up (the error boundary apologises) when it asks for longer than a person would wait.
 * Workflow sends don't come through here; Temporal retries those.
 */
import type { Transformer } from 'grammy';

/** How long and how often to wait. */
export interface RetryAfterOptions {
  /** Longest `retry_after` honoured, in seconds (default 10). */
  maxDelaySeconds?: number;
  /** Attempts in all (default 3). */
  maxAttempts?: number;
}

/** An API transformer that retries a 429 after Telegram's `retry_after`; getUpdates is left to grammY's polling loop. */
export function retryAfter({ maxDelaySeconds = 10, maxAttempts = 3 }: RetryAfterOptions = {}): Transformer {
  return async (prev, method, payload, signal) => {
    let response = await prev(method, payload, signal);
    for (let attempt = 1; attempt < maxAttempts && method !== 'getUpdates'; attempt++) {
      if (response.ok || response.error_code !== 429) break;
      const seconds = response.parameters?.retry_after ?? 1;
      if (seconds > maxDelaySeconds || signal?.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      response = await prev(method, payload, signal);
    }
    return response;
  };
}
