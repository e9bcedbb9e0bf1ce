import OpenAI from 'openai';
import { backoffDelayMs } from '../../src/activities/backoff';
import { toAiFailure } from '../../src/activities/ai/openai-failures';

const policy = { initialMs: 2_000, maxMs: 600_000, random: () => 1 };
const serverError = () => new OpenAI.InternalServerError(503, { message: 'overloaded' }, 'overloaded', new Headers());

describe('OpenAI failures as Temporal sees them', () => {
  test('retry delays double from 2 s up to 10 min, with jitter of up to half', () => {
    expect([1, 2, 3, 9, 10, 20].map((a) => backoffDelayMs(a, policy))).toEqual([2_000, 4_000, 8_000, 512_000, 600_000, 600_000]);
    expect(backoffDelayMs(10, { ...policy, random: () => 0 })).toBe(300_000);
  });

  test('a server error is retried after the backoff; a bad request is not retried', () => {
    expect(toAiFailure(serverError(), 3, policy)).toMatchObject({ type: 'OpenAiServerError', nextRetryDelay: 8_000, nonRetryable: false });
    const refused = toAiFailure(new OpenAI.BadRequestError(400, { message: 'bad' }, 'bad', new Headers()), 1, policy);
    expect(refused).toMatchObject({ type: 'OpenAiBadRequest', nonRetryable: true });
  });

  test('near the end of the budget the delay shrinks so that a last attempt is made before it runs out', () => {
    // 10 minutes wanted, 2 minutes left: the next attempt comes 15 s before the deadline.
    expect(toAiFailure(serverError(), 12, policy, 120_000).nextRetryDelay).toBe(105_000);
    // Plenty left: the backoff as it is.
    expect(toAiFailure(serverError(), 12, policy, 3_000_000).nextRetryDelay).toBe(600_000);
    // Nothing useful left: the backoff, and the server ends it as out of time.
    expect(toAiFailure(serverError(), 12, policy, 10_000).nextRetryDelay).toBe(600_000);
  });
});
