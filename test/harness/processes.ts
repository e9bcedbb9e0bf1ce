/**
 * Our commands as separate processes, the way a user runs them: `bin/cars-bot.js` (the
 * compiled CLI) in a process group of its own, so a test can signal the whole group the way a
 * terminal's Ctrl-C does, and can check afterwards that nothing of ours is left running.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './wait-for';

export const ROOT = path.resolve(__dirname, '../..');
export const CARS_BOT = path.join(ROOT, 'bin', 'cars-bot.js');

export interface RunningCommand {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far (stdout and stderr, interleaved). */
  output(): string;
  stdout(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** Signals the whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** Waits until the output matches, failing with the output so far if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** The environment for a command: the test's, minus settings that would point it elsewhere. */
export function commandEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'DATABASE_URL', 'API_TOKENS', 'METRICS_PORT']) delete base[key];
  const merged = { ...base, ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

const started: RunningCommand[] = [];

/** Runs `node bin/cars-bot.js <args>` in a process group of its own (ended by {@link killLeftovers} if a test fails). */
export function runCommand(args: string[], env: Record<string, string | undefined>, options: { command?: string[] } = {}): RunningCommand {
  const [program, ...pre] = options.command ?? [process.execPath, CARS_BOT];
  const child = spawn(program, [...pre, ...args], { cwd: ROOT, env: commandEnv(env), detached: true });
  let all = '';
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    all += d.toString();
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (all += d.toString()));
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('close', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const cmd: RunningCommand = {
    child,
    output: () => all,
    stdout: () => out,
    exited,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    waitForOutput: async (pattern, timeoutMs = 120_000) => {
      const found = await waitFor(
        () => {
          const m = all.match(pattern);
          if (m) return m;
          if (done) throw new Error(`the process exited before printing ${pattern}:\n${all.slice(-3000)}`);
          return undefined;
        },
        { timeoutMs, intervalMs: 50, what: `output matching ${pattern}` },
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- output so far ---\n${all.slice(-3000)}`);
      });
      return found;
    },
  };
  started.push(cmd);
  return cmd;
}

/**
 * For afterEach/afterAll: kills whatever a failed test left running — the groups it started
 * and any process naming one of the dirs (a dev server in a group of its own).
 */
export function killLeftovers(dirs: string[] = []): void {
  for (const cmd of started.splice(0)) {
    if (groupAlive(cmd.child.pid!)) process.kill(-cmd.child.pid!, 'SIGKILL');
  }
  for (const dir of dirs) {
    for (const p of processesMentioning(dir)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** Waits for the exit within the deadline; fails with the output when it doesn't come. */
export async function exitWithin(cmd: RunningCommand, timeoutMs: number): Promise<number | string> {
  let code: number | string | undefined;
  void cmd.exited.then((c) => (code = c));
  await waitFor(() => code !== undefined, { timeoutMs, intervalMs: 20, what: 'the process to exit' }).catch(() => {
    cmd.signalGroup('SIGKILL');
    throw new Error(`still running after ${timeoutMs} ms:\n${cmd.output().slice(-3000)}`);
  });
  return code!;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether any process is left in the process group. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line mentions the text (a test's DATA_DIR): what a run of ours left behind. */
export function processesMentioning(text: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(text)) found.push({ pid: Number(entry), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits (3 s at most: a process killed at our exit takes a moment to vanish) until nothing of a run is left: its process group and every process naming its data dir. */
export async function expectNothingLeft(cmd: RunningCommand, dataDir: string, extraPids: number[] = []): Promise<void> {
  await waitFor(() => !groupAlive(cmd.child.pid!) && extraPids.every((p) => !isAlive(p)) && processesMentioning(dataDir).length === 0, {
    timeoutMs: 3_000,
    what: 'every process of the run to be gone',
  }).catch(() => {
    throw new Error(
      `left running: group ${cmd.child.pid} ${groupAlive(cmd.child.pid!) ? 'alive' : 'gone'}; ${JSON.stringify(processesMentioning(dataDir))}; extra ${extraPids.filter(isAlive).join(',')}`,
    );
  });
}
