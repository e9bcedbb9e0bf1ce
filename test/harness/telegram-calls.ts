/**
 * Records every Bot API call the real grammY client makes (method, time, outcome) through its
 * own transformer hook, so tests can measure pacing and retry timing as Telegram would see it.
 */
import type { Api } from 'grammy';

export interface TelegramCall {
  method: string;
  at: number;
  ok: boolean;
  errorCode?: number;
  retryAfter?: number;
}

export function recordTelegramCalls(api: Api): TelegramCall[] {
  const calls: TelegramCall[] = [];
  api.config.use(async (prev, method, payload, signal) => {
    const at = Date.now();
    const res = await prev(method, payload, signal);
    calls.push(res.ok ? { method, at, ok: true } : { method, at, ok: false, errorCode: res.error_code, retryAfter: res.parameters?.retry_after });
    return res;
  });
  return calls;
}
