/**
 * The signal policy of `start` and `worker`, with a clock of the test's own: the first signal
 * drains, the same Ctrl-C seen twice (npm forwards it) changes nothing, a later one forces, a
 * third exits without waiting.
 */
import { handleShutdownSignals, SAME_SIGNAL_WINDOW_MS } from '../../src/cli/shutdown-signals';
import { sdkLogFilter } from '../../src/observability/runtime';

test('first signal drains, a repeat within the window is ignored, a later one forces, a third exits', async () => {
  let now = 1_000;
  const calls: string[] = [];
  const exits: number[] = [];
  let finishForce: () => void = () => undefined;
  const remove = handleShutdownSignals(
    {
      graceful: (s) => calls.push(`graceful ${s}`),
      force: (s) => {
        calls.push(`force ${s}`);
        return new Promise<void>((resolve) => (finishForce = resolve));
      },
    },
    { now: () => now, exit: (code) => exits.push(code) },
  );
  try {
    process.emit('SIGINT', 'SIGINT');
    now += 10; // the terminal's SIGINT and npm's copy of it
    process.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['graceful SIGINT']);

    now += SAME_SIGNAL_WINDOW_MS + 1;
    process.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['graceful SIGINT', 'force SIGINT']);
    expect(exits).toEqual([]); // waits for the forced stop to finish

    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([143]);
    finishForce();
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([143, 130]);
  } finally {
    remove();
  }
  expect(process.listenerCount('SIGHUP')).toBe(0);
});

test("the SDK's expected warnings are hidden unless LOG_LEVEL=debug; other warnings are not", () => {
  const expected = { level: 'WARN' as const, message: 'No workflows registered, not polling for workflow tasks' };
  const other = { level: 'WARN' as const, message: 'Worker failed to heartbeat' };
  expect(sdkLogFilter('info')(expected)).toBe(false);
  expect(sdkLogFilter('info')(other)).toBe(true);
  expect(sdkLogFilter('debug')(expected)).toBe(true);
});
