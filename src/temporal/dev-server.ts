/**
 * Runs a local Temporal dev server (`temporal server start-dev`): a full server on SQLite with
 * Schedules and the Web UI. `npm start` uses it when no TEMPORAL_ADDRESS is given, and the
 * test harness uses the same code for its one server per test run.
 *
 * The server runs in a process group of its own, so a Ctrl-C reaches our workers first and the
 * server is stopped after them. That makes stopping it our job on every way out: `stop()`, the
 * process exiting, and — through the pid file — the next start, if this process was killed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_KEYS } from '../common/search-attributes';
import { assertPortsFree, freePort } from '../stack/ports';

export { freePort } from '../stack/ports';

export interface DevServerOptions {
  /** Path of the `temporal` executable. */
  executable: string;
  namespace?: string;
  host?: string;
  /** gRPC port; 0 or undefined picks a free one. */
  port?: number;
  /** Web UI port; undefined means no UI (headless). */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; undefined keeps them in memory. */
  dbFilename?: string;
  /**
   * SQLite pragmas for that file (`--sqlite-pragma NAME=VALUE`); default {@link DEV_SERVER_SQLITE_PRAGMAS}.
   * Ignored without a file.
   */
  sqlitePragmas?: Record<string, string>;
  /** Codec endpoint the Web UI uses to show encrypted payloads. */
  uiCodecEndpoint?: string;
  /** How long to wait for the server to answer. */
  startTimeoutMs?: number;
  /**
   * Register our search attributes at start (default true). Off where something else registers
   * them, as compose's namespace job does on a self-hosted server.
   */
  registerSearchAttributes?: boolean;
  /** Extra `--dynamic-config-value K=JSON` settings. */
  dynamicConfig?: Record<string, unknown>;
  /** Where to record the server's pid while it runs, so a later start can stop one left behind. */
  pidFile?: string;
  /** Where the server's own output goes (a fresh file per start); undefined keeps the last of it in memory for errors. */
  logFile?: string;
  log?: (line: string) => void;
}

export interface RunningDevServer {
  /** `host:port` of the gRPC frontend. */
  readonly address: string;
  readonly namespace: string;
  /** Web UI URL when the UI is on. */
  readonly uiUrl?: string;
  readonly process: ChildProcess;
  /** Stops it (SIGTERM to its group, SIGKILL after `graceMs`, default 10 s) and waits until it has. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * How the dev server keeps its SQLite file: a write-ahead log, flushed to disk at checkpoints
 * rather than at every commit. SQLite's defaults (a rollback journal, `synchronous=FULL`) make
 * each of the server's many small transactions wait for an fsync; measured on the bench (60
 * posts, back to back on one PostgreSQL) this setting cut the server's CPU from 7.5–8.8 s to
 * 4.8–5.0 s. What it gives up: a commit survives our process or the server being killed, but the
 * last ones before a power cut or an OS crash may be lost (the file stays consistent). A dev
 * server is no place for data that must survive that; a production server runs on PostgreSQL.
 */
export const DEV_SERVER_SQLITE_PRAGMAS: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'normal' };

/** Signals a whole process group, ignoring one that is already gone. */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process (/proc on Linux, `ps` elsewhere), or undefined when it can't be read. */
function commandLineOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim() : undefined;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Stops a dev server that an earlier start left running (its process was killed before it could
 * stop the server): one whose pid file is here and whose command line is still `temporal server
 * start-dev` with this pid file's database. Returns its pid when there was one.
 */
export async function stopLeftoverDevServer(pidFile: string, dbFilename: string | undefined): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  const cmdline = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLineOf(pid) : undefined;
  const ours = cmdline !== undefined && cmdline.includes('server start-dev') && (!dbFilename || cmdline.includes(dbFilename));
  if (ours) {
    killGroup(pid, 'SIGTERM');
    if (!(await waitUntilGone(pid, 10_000))) killGroup(pid, 'SIGKILL');
    await waitUntilGone(pid, 5_000);
  }
  fs.rmSync(pidFile, { force: true });
  return ours ? pid : undefined;
}

/** A start that failed because a port the CLI picked for itself was taken meanwhile: worth another go. */
class InternalPortTakenError extends Error {}

/** How many times a start is tried when the CLI's own port choice races with another process. */
const PORT_RACE_ATTEMPTS = 3;

/**
 * Starts the dev server with our search attributes registered and waits until it answers.
 * Besides the ports it is given, the Temporal CLI picks free ports for its internal services
 * itself; another process may take one before the server binds it ("bind: address already in
 * use"), so such a start is tried again, a few times.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(options);
    } catch (err) {
      if (!(err instanceof InternalPortTakenError) || attempt >= PORT_RACE_ATTEMPTS) throw err;
      options.log?.(`the Temporal dev server lost one of its own ports to another process while starting; starting it again (${attempt + 1}/${PORT_RACE_ATTEMPTS})`);
    }
  }
}

async function startDevServerOnce(options: DevServerOptions): Promise<RunningDevServer> {
  const host = options.host ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const port = options.port || (await freePort(host));
  // Never talk to a server that was there before: that would be someone else's, or one left behind.
  await assertPortsFree([{ host, port }, ...(options.uiPort !== undefined ? [{ host, port: options.uiPort }] : [])]);
  const args = ['server', 'start-dev', '--ip', host, '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  if (options.uiPort !== undefined) {
    args.push('--ui-ip', host, '--ui-port', String(options.uiPort));
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  } else {
    args.push('--headless');
  }
  if (options.dbFilename) {
    fs.mkdirSync(path.dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
    for (const [name, value] of Object.entries(options.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS)) args.push('--sqlite-pragma', `${name}=${value}`);
  }
  if (options.registerSearchAttributes !== false) for (const key of SEARCH_ATTRIBUTE_KEYS) args.push('--search-attribute', `${key.name}=Keyword`);
  for (const [k, v] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);

  // Its own process group: Ctrl-C reaches our workers first, and the server stops after them.
  // Its output goes to a file when given: a pipe to us would end it at its next line if we died first.
  let logFd: number | undefined;
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    logFd = fs.openSync(options.logFile, 'w');
  }
  const child = spawn(options.executable, args, { stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'], detached: true });
  if (logFd !== undefined) fs.closeSync(logFd);
  const forget = () => {
    if (options.pidFile && child.pid && fs.existsSync(options.pidFile) && fs.readFileSync(options.pidFile, 'utf8').trim() === String(child.pid)) {
      fs.rmSync(options.pidFile, { force: true });
    }
  };
  // However this process ends (but SIGKILL), the server goes with it.
  const killOnExit = () => {
    killGroup(child.pid, 'SIGKILL');
    forget();
  };
  process.once('exit', killOnExit);
  if (options.pidFile && child.pid) {
    fs.mkdirSync(path.dirname(options.pidFile), { recursive: true });
    fs.writeFileSync(options.pidFile, `${child.pid}\n`);
  }
  let kept = '';
  const keep = (chunk: Buffer) => {
    kept = (kept + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  /** The last of what the server printed, for an error. */
  const output = () => {
    if (!options.logFile) return kept.trim();
    try {
      return `${fs.readFileSync(options.logFile, 'utf8').slice(-4000).trim()}\n(the whole log: ${options.logFile})`;
    } catch {
      return '';
    }
  };
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exitPromise = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      exited = { code, signal };
      process.removeListener('exit', killOnExit);
      forget();
      resolve();
    }),
  );
  const address = `${host}:${port}`;
  const stop = async ({ graceMs = 10_000 }: { graceMs?: number } = {}) => {
    if (exited || spawnError) return;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
    await exitPromise;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (spawnError) {
      process.removeListener('exit', killOnExit);
      forget();
      throw new Error(`could not run the Temporal CLI (${options.executable}): ${spawnError.message}`);
    }
    if (exited) {
      const said = output();
      const message = `the Temporal dev server exited (code ${exited.code}, signal ${exited.signal}) before answering on ${address}:\n${said}`;
      // Our own ports were checked free just before; a clash on another one is the CLI's own pick racing.
      const taken = /listen tcp [^:]+:(\d+): bind: address already in use/.exec(said);
      if (taken && Number(taken[1]) !== port && Number(taken[1]) !== options.uiPort) throw new InternalPortTakenError(message);
      throw new Error(message);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close();
      }
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the Temporal dev server did not answer on ${address} in time: ${(err as Error).message}\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const uiUrl = options.uiPort !== undefined ? `http://${host}:${options.uiPort}` : undefined;
  options.log?.(`Temporal dev server on ${address}${uiUrl ? `, Web UI ${uiUrl}` : ''} (pid ${child.pid})`);
  return { address, namespace, uiUrl, process: child, stop };
}
