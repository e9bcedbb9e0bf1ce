/**
 * The AI steps heartbeat only once they have run a while: a waiting attempt keeps its short
 * heartbeat timeout from firing, a quick one costs no heartbeat, and none is sent after the step
 * returned. Timers are jest's, moved by hand, so nothing here depends on the machine's speed.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { heartbeatWhileRunning } from '../../src/activities/heartbeat-while-running';

describe('heartbeatWhileRunning', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  const environment = (heartbeatTimeoutMs: number | undefined) => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs });
    const beats = { count: 0 };
    env.on('heartbeat', () => (beats.count += 1));
    return { env, beats };
  };

  test('a step still running heartbeats every quarter of its heartbeat timeout, and stops when it returns', async () => {
    const { env, beats } = environment(20_000);
    let finish: (value: string) => void = () => undefined;
    const step = heartbeatWhileRunning(() => new Promise<string>((resolve) => (finish = resolve)));
    const running = env.run(step);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(beats.count).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(beats.count).toBe(1);
    await jest.advanceTimersByTimeAsync(15_000);
    expect(beats.count).toBe(4);
    finish('done');
    await expect(running).resolves.toBe('done');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(beats.count).toBe(4);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a quick step sends no heartbeat; a failing one stops heartbeating too', async () => {
    const { env, beats } = environment(20_000);
    await expect(env.run(heartbeatWhileRunning(async (x: number) => x * 2), 21)).resolves.toBe(42);
    await expect(env.run(heartbeatWhileRunning(async () => Promise.reject(new Error('refused'))))).rejects.toThrow('refused');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(beats.count).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('without a heartbeat timeout the step runs as it is', async () => {
    const { env, beats } = environment(undefined);
    let finish: () => void = () => undefined;
    const running = env.run(heartbeatWhileRunning(() => new Promise<void>((resolve) => (finish = resolve))));
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    finish();
    await running;
    expect(beats.count).toBe(0);
  });
});
