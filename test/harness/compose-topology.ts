/**
 * `docker compose up` without Docker, for the compose-topology test: each service of
 * docker-compose.yml that the test runs becomes a supervised OS process with the command,
 * environment, restart policy and healthcheck the file gives it. What a container would see
 * differently is mapped, and only that: service hostnames (`temporal:7233`) become the
 * 127.0.0.1 address of whatever stands in for them, each service's listen ports (API_PORT,
 * METRICS_PORT, WORKER_HEALTH_PORT: every container has its own network, here they share one)
 * get free ports, an all-interfaces bind is loopback, `node` is this Node, files under the
 * image's WORKDIR are the repository's, and a bind-mounted path is its host path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/stack/ports';
import {
  commandOf,
  dependenciesOf,
  durationMs,
  hostPathOf,
  publishedPortsOf,
  readDockerfile,
  restartPolicyOf,
  ROOT,
  serviceEnvironment,
  type ComposeFile,
  type ComposeService,
} from './compose-file';
import { waitFor } from './wait-for';

/** Settings our services listen on: each container has its own, so each process gets a free one. */
export const LISTEN_PORT_SETTINGS = ['API_PORT', 'METRICS_PORT', 'WORKER_HEALTH_PORT'] as const;

/** Docker's restart delay: 100 ms, doubling after each restart, back to 100 ms after 10 s of running (capped lower here than Docker's minute). */
const RESTART_DELAY = { firstMs: 100, maxMs: 2_000, resetAfterMs: 10_000 };

export interface TopologyOptions {
  compose: ComposeFile;
  /** Where `.env` (env_file) is read from: the compose project directory of this run. */
  projectDir: string;
  /** The current directory of every process (the container's WORKDIR, empty but for what the image copies). */
  workDir: string;
  /** Where each service's output goes (`<service>.log`, every run of it appended). */
  logDir: string;
  /** `service:port` of each stand-in (PostgreSQL, the Temporal server) → its `127.0.0.1:port`. */
  standIns: Record<string, string>;
  /** Directories put first on PATH for images other than ours (the `temporal` CLI of admin-tools). */
  toolDirs?: string[];
  /** Added to every process's environment, e.g. PGOPTIONS (named in the test, with the reason). */
  extraEnv?: Record<string, string>;
}

export interface ExitRecord {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When it exited (ms since the epoch). */
  at: number;
}

/** One compose service run as a process, restarted by its restart policy. */
export class ServiceProcess {
  readonly starts: number[] = [];
  readonly exits: ExitRecord[] = [];
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = RESTART_DELAY.firstMs;
  private tail = '';

  constructor(
    readonly name: string,
    readonly service: ComposeService,
    readonly argv: string[],
    readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  get running(): boolean {
    return this.pid !== undefined;
  }

  /** The last of what it printed, for failure messages. */
  output(): string {
    return this.tail;
  }

  start(): void {
    const [program, ...args] = this.argv;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n--- ${new Date().toISOString()} start #${this.starts.length + 1}: ${this.argv.join(' ').slice(0, 200)}\n`);
    // A process group of its own, like a container: a kill reaches everything it started.
    const child = spawn(program, args, { cwd: this.cwd, env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      fs.writeSync(log, chunk);
      this.tail = (this.tail + chunk.toString()).slice(-6000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('close', (code, signal) => {
      fs.writeSync(log, `--- exited: code ${code}, signal ${signal}\n`);
      fs.closeSync(log);
      this.exits.push({ code, signal, at: Date.now() });
      this.onExit(code, signal);
    });
    this.child = child;
    this.starts.push(Date.now());
  }

  /** What compose's restart policy does when the container's process ends. */
  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const { policy, maxRetries } = restartPolicyOf(this.service);
    const failed = code !== 0 || signal !== null;
    const restart = policy === 'always' || policy === 'unless-stopped' || (policy === 'on-failure' && failed && (maxRetries === undefined || this.starts.length <= maxRetries));
    if (!restart) return;
    const ranMs = Date.now() - (this.starts.at(-1) ?? Date.now());
    if (ranMs > RESTART_DELAY.resetAfterMs) this.restartDelayMs = RESTART_DELAY.firstMs;
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(this.restartDelayMs * 2, RESTART_DELAY.maxMs);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopping) this.start();
    }, delay);
  }

  /** Sends the signal to the whole process group (SIGKILL: what `docker kill` does). */
  kill(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (pid === undefined) throw new Error(`${this.name} is not running`);
    process.kill(-pid, signal);
  }

  /** Resolves once it has exited and its policy has nothing more to run; rejects if it is still running by then. */
  async finished(timeoutMs: number): Promise<ExitRecord> {
    await waitFor(() => !this.running && this.restartTimer === undefined && this.exits.length >= this.starts.length && this.starts.length > 0, {
      timeoutMs,
      intervalMs: 50,
      what: `${this.name} to finish`,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.tail}`);
    });
    return this.exits.at(-1)!;
  }

  /** Waits until it has been started again after `starts` starts (a restart by its policy). */
  async restartedAfter(starts: number, timeoutMs: number): Promise<void> {
    await waitFor(() => this.starts.length > starts && this.running, { timeoutMs, intervalMs: 20, what: `${this.name} to be restarted` });
  }

  /** Runs the service's healthcheck command once, as Docker does inside the container; true when it exits 0 in time. */
  async healthcheck(): Promise<boolean> {
    const hc = this.service.healthcheck;
    if (!hc) throw new Error(`${this.name} has no healthcheck`);
    const test = Array.isArray(hc.test) ? hc.test : ['CMD-SHELL', hc.test];
    const argv = test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test.slice(1);
    const [program, ...args] = mapArgs(argv, this.service);
    const timeoutMs = durationMs(hc.timeout, 30_000);
    return new Promise((resolve) => {
      const child = spawn(program, args, { cwd: this.cwd, env: this.env, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', () => resolve(false));
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve(code === 0);
      });
    });
  }

  /** Waits until the healthcheck passes (what `condition: service_healthy` waits for). */
  async healthy(timeoutMs: number): Promise<void> {
    await waitFor(async () => (await this.healthcheck()) || (this.exits.length > 0 && !this.running && this.restartTimer === undefined ? Promise.reject(new Error('exited')) : false), {
      timeoutMs,
      intervalMs: 250,
      what: `${this.name}'s healthcheck to pass`,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.tail}`);
    });
  }

  /** `docker compose stop`: SIGTERM, SIGKILL after the grace time; the restart policy doesn't apply. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const pid = this.pid;
    if (pid === undefined) return;
    const done = new Promise<void>((resolve) => this.child!.once('close', () => resolve()));
    process.kill(-pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, graceMs);
    await done;
    clearTimeout(timer);
  }
}

/** `node` is this Node.js, and paths under the image's WORKDIR or a bind mount are their host paths. */
function mapArgs(argv: string[], service: ComposeService): string[] {
  const workdir = readDockerfile().workdir;
  return argv.map((arg, i) => {
    if (i === 0 && arg === 'node') return process.execPath;
    if (service.build !== undefined && !arg.startsWith('-') && !path.isAbsolute(arg) && fs.existsSync(path.join(ROOT, arg))) return path.join(ROOT, arg);
    if (service.build !== undefined && arg.startsWith(`${workdir}/`)) return path.join(ROOT, arg.slice(workdir.length + 1));
    return (path.isAbsolute(arg) && hostPathOf(service, arg)) || arg;
  });
}

/** The services of the file as processes, started in dependency order by {@link ComposeTopology.up}. */
export class ComposeTopology {
  readonly processes = new Map<string, ServiceProcess>();
  /** `service:port` → `127.0.0.1:port`, for the stand-ins and for each process's listen ports. */
  readonly addresses = new Map<string, string>();

  private constructor(private readonly options: TopologyOptions) {
    for (const [key, value] of Object.entries(options.standIns)) this.addresses.set(key, value);
  }

  /** Prepares the processes of `names` (their ports and environment); nothing starts yet. */
  static async create(options: TopologyOptions, names: readonly string[]): Promise<ComposeTopology> {
    const topology = new ComposeTopology(options);
    const image = readDockerfile();
    const envs = new Map<string, Record<string, string>>();
    // Listen ports first: another service's environment may name them (`api:3000`).
    for (const name of names) {
      const service = options.compose.services[name];
      if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
      const env = serviceEnvironment(service, options.projectDir);
      for (const key of LISTEN_PORT_SETTINGS) {
        if (env[key] === undefined) continue;
        const port = await freePort();
        topology.addresses.set(`${name}:${env[key]}`, `127.0.0.1:${port}`);
        env[key] = String(port);
      }
      envs.set(name, env);
    }
    for (const name of names) {
      const service = options.compose.services[name];
      const env = topology.mapHosts(envs.get(name)!);
      for (const [key, value] of Object.entries(env)) if (key.endsWith('_HOST') && value === '0.0.0.0') env[key] = '127.0.0.1';
      const ours = service.build !== undefined;
      const toolPath = [...(ours ? [] : (options.toolDirs ?? [])), process.env.PATH ?? ''].join(path.delimiter);
      const processEnv = { PATH: toolPath, HOME: process.env.HOME ?? '/tmp', ...(ours ? image.env : {}), ...options.extraEnv, ...env };
      const argv = mapArgs(commandOf(service, ours ? image.entrypoint : []), service);
      topology.processes.set(name, new ServiceProcess(name, service, argv, processEnv, options.workDir, path.join(options.logDir, `${name}.log`)));
    }
    return topology;
  }

  /** Replaces every `service:port` the environment names with the address standing in for it. */
  mapHosts(env: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) {
      let mapped = value;
      for (const [from, to] of this.addresses) mapped = mapped.replace(new RegExp(`(?<![\\w.-])${from.replace(/[.]/g, '\\.')}(?![\\d])`, 'g'), to);
      out[key] = mapped;
    }
    return out;
  }

  /** The address a browser on the machine reaches through `localhost:<published port>`. */
  published(hostPort: number): string {
    for (const [name, service] of Object.entries(this.options.compose.services)) {
      const port = publishedPortsOf(service).find((p) => p.host === hostPort);
      if (port) {
        const address = this.addresses.get(`${name}:${port.container}`);
        if (address) return address;
      }
    }
    throw new Error(`nothing running here publishes port ${hostPort}`);
  }

  get(name: string): ServiceProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`service ${name} is not part of this topology`);
    return p;
  }

  /**
   * Starts the processes in dependency order, each once what it depends on meets its condition
   * (started, healthy, completed successfully). A stand-in counts as met; a service that is
   * neither run nor stood in for is an error.
   */
  async up(timeoutMs = 180_000): Promise<void> {
    const standIns = new Set(Object.keys(this.options.standIns).map((k) => k.split(':')[0]));
    const deadline = Date.now() + timeoutMs;
    const reached = new Map<string, Promise<void>>();
    const reach = (name: string, condition: string): Promise<void> => {
      const key = `${name}/${condition}`;
      let done = reached.get(key);
      if (!done) {
        done = (async () => {
          if (standIns.has(name)) return;
          const p = this.processes.get(name);
          if (!p) throw new Error(`a service depends on ${name}, which this topology neither runs nor stands in for`);
          await start(name);
          const left = () => Math.max(1_000, deadline - Date.now());
          if (condition === 'service_healthy') await p.healthy(left());
          if (condition === 'service_completed_successfully') {
            const exit = await p.finished(left());
            if (exit.code !== 0) throw new Error(`${name} exited with code ${exit.code} (signal ${exit.signal}):\n${p.output()}`);
          }
        })();
        reached.set(key, done);
      }
      return done;
    };
    const started = new Map<string, Promise<void>>();
    const start = (name: string): Promise<void> => {
      let done = started.get(name);
      if (!done) {
        done = (async () => {
          const deps = dependenciesOf(this.options.compose.services[name]);
          await Promise.all(Object.entries(deps).map(([dep, condition]) => reach(dep, condition)));
          this.get(name).start();
        })();
        started.set(name, done);
      }
      return done;
    };
    await Promise.all([...this.processes.keys()].map(start));
  }

  /** Stops everything (SIGTERM, then SIGKILL), restart policies off. */
  async down(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.stop(10_000)));
  }
}
