/**
 * `cars-bot health` run in this process (the real command tree): a bad `--recheck` and an
 * unreachable server each end with an exit code and an `error:` line, not with process.exit.
 */
import { freePort } from '../../src/temporal/dev-server';
import { runCli } from '../harness/cli';

let exit: jest.SpyInstance;
beforeEach(() => {
  exit = jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    throw new Error(`process.exit(${String(code)}) called inside the command`);
  });
});
afterEach(() => exit.mockRestore());

test.each([['abc'], ['11m'], ['-5']])('--recheck %s is refused with exit code 1 and the reason', async (value) => {
  const result = await runCli('health', '--recheck', value);
  expect(exit).not.toHaveBeenCalled();
  expect(result.code).toBe(1);
  expect(result.err).toContain(`error: option '--recheck <ms>' argument '${value}' is invalid. expected milliseconds (5000) or a duration such as 500ms, 5s or 1m, at most 10m.`);
  expect(result.out).toBe('');
});

test('--recheck 5s with no server there: exit code 1 naming the address, from the command itself', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const previous = process.env.TEMPORAL_ADDRESS;
  process.env.TEMPORAL_ADDRESS = address;
  try {
    const result = await runCli('health', '--recheck', '5s');
    expect(exit).not.toHaveBeenCalled();
    expect(result.code).toBe(1);
    expect(result.err).toContain(`error: Temporal is not reachable at ${address}`);
  } finally {
    if (previous === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = previous;
  }
});

test('health --help answers with exit code 0 and the --recheck option', async () => {
  const result = await runCli('health', '--help');
  expect(exit).not.toHaveBeenCalled();
  expect(result.code).toBe(0);
  expect(result.out).toContain('--recheck <ms>');
});
