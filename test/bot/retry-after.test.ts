import type { ApiCallFn } from 'grammy';
import { retryAfter } from '../../src/bot/retry-after';

type Answer = { ok: true; result: true } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** A fake transport answering from a script, recording each call. */
function scripted(answers: Answer[]): { prev: ApiCallFn; calls: string[] } {
  const calls: string[] = [];
  const prev = (async (method: string) => {
    calls.push(method);
    return answers.shift() ?? { ok: true, result: true };
  }) as unknown as ApiCallFn;
  return { prev, calls };
}
const tooMany = (seconds: number): Answer => ({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });

describe('retryAfter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('waits exactly retry_after, then sends again', async () => {
    const { prev, calls } = scripted([tooMany(2)]);
    const pending = retryAfter()(prev, 'sendMessage', { chat_id: 1, text: 'hi' } as never);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(calls).toEqual(['sendMessage']);
    await jest.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual({ ok: true, result: true });
    expect(calls).toEqual(['sendMessage', 'sendMessage']);
  });

  test('gives up on a wait too long, after the attempts, on other errors, and never touches getUpdates', async () => {
    const long = scripted([tooMany(60)]);
    await expect(retryAfter({ maxDelaySeconds: 10 })(long.prev, 'sendMessage', {} as never)).resolves.toMatchObject({ error_code: 429 });
    expect(long.calls).toHaveLength(1);

    const always = scripted([tooMany(1), tooMany(1), tooMany(1)]);
    const pending = retryAfter({ maxAttempts: 3 })(always.prev, 'sendMessage', {} as never);
    await jest.advanceTimersByTimeAsync(2_000);
    await expect(pending).resolves.toMatchObject({ error_code: 429 });
    expect(always.calls).toHaveLength(3);

    const forbidden = scripted([{ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }]);
    await expect(retryAfter()(forbidden.prev, 'sendMessage', {} as never)).resolves.toMatchObject({ error_code: 403 });
    expect(forbidden.calls).toHaveLength(1);

    const polling = scripted([tooMany(1)]);
    await expect(retryAfter()(polling.prev, 'getUpdates', {} as never)).resolves.toMatchObject({ error_code: 429 });
    expect(polling.calls).toHaveLength(1);
  });
});
