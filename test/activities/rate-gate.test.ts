import { OpenAiRateGate, parseResetDuration } from '../../src/activities/ai/rate-gate';

const headers = (h: Record<string, string>) => new Headers(h);

describe("OpenAI's x-ratelimit headers", () => {
  test('reset durations read as OpenAI writes them', () => {
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('1s')).toBe(1_000);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('soon')).toBeUndefined();
    expect(parseResetDuration('5 s')).toBeUndefined();
    expect(parseResetDuration(null)).toBeUndefined();
  });

  test('no request left: calls wait until the requests reset, then go', async () => {
    let now = 1_000;
    const slept: number[] = [];
    const gate = new OpenAiRateGate({ now: () => now, sleep: async (ms) => void slept.push(ms) });
    gate.observe(headers({ 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '5s' }), 300);
    expect(gate.waitMs()).toBe(0);
    gate.observe(headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s', 'x-ratelimit-remaining-tokens': '90000' }), 300);
    expect(gate.waitMs()).toBe(1_500);
    await gate.ready();
    expect(slept).toEqual([1_500]);
    now += 1_500;
    expect(gate.waitMs()).toBe(0);
  });

  test('fewer tokens left than a call takes: calls wait for the tokens to reset', () => {
    const gate = new OpenAiRateGate({ now: () => 0 });
    gate.observe(undefined, 400);
    gate.observe(headers({ 'x-ratelimit-remaining-tokens': '1000', 'x-ratelimit-reset-tokens': '2s' }));
    expect(gate.waitMs()).toBe(0);
    gate.observe(headers({ 'x-ratelimit-remaining-tokens': '350', 'x-ratelimit-reset-tokens': '250ms' }));
    expect(gate.waitMs()).toBe(250);
  });

  test('a wait never exceeds the cap, whatever the header says', () => {
    const gate = new OpenAiRateGate({ now: () => 0, maxWaitMs: 10_000 });
    gate.observe(headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }));
    expect(gate.waitMs()).toBe(10_000);
  });
});
