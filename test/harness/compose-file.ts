/**
 * docker-compose.yml read the way `docker compose` reads it, for tests that can't run Docker:
 * YAML with merge keys, `${VAR}` interpolation from a `.env` (with `:-` defaults, `:?` required
 * errors and `$$` escapes), each service's environment (env_file under environment), its
 * dependencies, restart policy and bind mounts, and the image's ENTRYPOINT/ENV/WORKDIR from
 * the Dockerfile. The config check and the topology test both read the file through this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
export const DOCKERFILE = path.join(ROOT, 'Dockerfile');

type Scalar = string | number | boolean | null;

export interface ComposeHealthcheck {
  test: string[] | string;
  interval?: string;
  timeout?: string;
  start_period?: string;
  retries?: number;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, Scalar> | string[];
  env_file?: (string | { path: string; required?: boolean })[] | string;
  depends_on?: Record<string, { condition?: string; required?: boolean }> | string[];
  ports?: (string | number)[];
  expose?: (string | number)[];
  volumes?: string[];
  healthcheck?: ComposeHealthcheck;
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The file as parsed, before interpolation. */
export function readComposeFile(file = COMPOSE_FILE): ComposeFile {
  return parse(fs.readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/** One `${...}` reference: its variable, and whether a value must be given. */
export interface VariableReference {
  name: string;
  required: boolean;
  default?: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Every variable the text refers to, as compose would look them up. */
export function variableReferences(text: string): VariableReference[] {
  const found: VariableReference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    if (m[0] === '$$') continue;
    const name = m[1] ?? m[4];
    const op = m[2];
    found.push({ name, required: op === ':?' || op === '?', ...(op === ':-' || op === '-' ? { default: m[3] } : {}) });
  }
  return found;
}

/** Compose's interpolation of one string; a missing required variable throws compose's message. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(REFERENCE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    const value = vars[name];
    const unset = value === undefined;
    const empty = unset || value === '';
    switch (op) {
      case ':-':
        return empty ? interpolate(arg ?? '', vars) : value!;
      case '-':
        return unset ? interpolate(arg ?? '', vars) : value!;
      case ':?':
      case '?':
        if (op === ':?' ? empty : unset) throw new Error(`required variable ${name} is missing a value: ${arg ?? ''}`);
        return value!;
      case ':+':
        return empty ? '' : interpolate(arg ?? '', vars);
      case '+':
        return unset ? '' : interpolate(arg ?? '', vars);
      default:
        return value ?? '';
    }
  });
}

function interpolateTree<T>(value: T, vars: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, vars) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => interpolateTree(v, vars)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, vars)])) as T;
  return value;
}

/** The file with every value interpolated from `vars` (the project's .env, as compose reads it). */
export function loadCompose(vars: Record<string, string | undefined>, file = COMPOSE_FILE): ComposeFile {
  return interpolateTree(readComposeFile(file), vars);
}

/** Our services: the ones built from this repository's Dockerfile. */
export function ourServices(compose: ComposeFile): string[] {
  return Object.entries(compose.services)
    .filter(([, s]) => s.build !== undefined)
    .map(([name]) => name);
}

function asList(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : value.split(/\s+/).filter(Boolean);
}

/** The `environment` key as a map (its list form `K=V` too); numbers and booleans as compose passes them. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
}

/** The env files a service reads, relative to the project directory. */
export function envFilesOf(service: ComposeService): { path: string; required: boolean }[] {
  const files = service.env_file === undefined ? [] : Array.isArray(service.env_file) ? service.env_file : [service.env_file];
  return files.map((f) => (typeof f === 'string' ? { path: f, required: true } : { path: f.path, required: f.required ?? true }));
}

/** What a container of the service gets: its env files, then `environment` over them (compose's precedence). */
export function serviceEnvironment(service: ComposeService, projectDir: string): Record<string, string> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFilesOf(service)) {
    const full = path.resolve(projectDir, file.path);
    if (!fs.existsSync(full)) {
      if (file.required) throw new Error(`env file ${full} not found`);
      continue;
    }
    Object.assign(fromFiles, parseDotenv(fs.readFileSync(full)));
  }
  return { ...fromFiles, ...environmentOf(service) };
}

/** `depends_on` as a map of condition by service (the list form means service_started). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on;
  if (!deps) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']));
}

/** The restart policy: `no` (default), `always`, `unless-stopped`, or `on-failure` with its retry cap. */
export function restartPolicyOf(service: ComposeService): { policy: 'no' | 'always' | 'unless-stopped' | 'on-failure'; maxRetries?: number } {
  const text = service.restart ?? 'no';
  const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`unknown restart policy "${text}"`);
  return { policy: m[1] as 'no', ...(m[2] ? { maxRetries: Number(m[2]) } : {}) };
}

/** Bind mounts (`./host:/container[:ro]`), host side resolved against the project directory; named volumes left out. */
export function bindMountsOf(service: ComposeService, projectDir = ROOT): { host: string; container: string; readOnly: boolean }[] {
  return (service.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source]) => source.startsWith('.') || source.startsWith('/'))
    .map(([source, container, mode]) => ({ host: path.resolve(projectDir, source), container, readOnly: mode === 'ro' }));
}

/** A container path seen from the host, through the service's bind mounts; undefined when no mount covers it. */
export function hostPathOf(service: ComposeService, containerPath: string, projectDir = ROOT): string | undefined {
  for (const mount of bindMountsOf(service, projectDir)) {
    if (containerPath === mount.container) return mount.host;
    if (containerPath.startsWith(`${mount.container}/`)) return path.join(mount.host, containerPath.slice(mount.container.length + 1));
  }
  return undefined;
}

/** The command a container runs: the service's entrypoint (or the image's), then its command. */
export function commandOf(service: ComposeService, imageEntrypoint: string[] = []): string[] {
  const entrypoint = service.entrypoint !== undefined ? asList(service.entrypoint) : imageEntrypoint;
  return [...entrypoint, ...asList(service.command)];
}

/** The `host:container` pairs a service publishes on the machine (bound address dropped). */
export function publishedPortsOf(service: ComposeService): { hostIp?: string; host: number; container: number }[] {
  return (service.ports ?? []).map((p) => {
    const parts = String(p).split(':');
    const container = Number(parts.at(-1));
    const host = parts.length >= 2 ? Number(parts.at(-2)) : container;
    return { ...(parts.length === 3 ? { hostIp: parts[0] } : {}), host, container };
  });
}

/** What the runtime stage of the Dockerfile sets: ENTRYPOINT, ENV, WORKDIR and the base images. */
export interface ImageDefinition {
  bases: string[];
  entrypoint: string[];
  env: Record<string, string>;
  workdir: string;
  /** Paths the runtime stage copies into WORKDIR (from the build stage or the context). */
  copied: string[];
}

export function readDockerfile(file = DOCKERFILE): ImageDefinition {
  const text = fs.readFileSync(file, 'utf8');
  const bases = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  const runtime = text.split(/^FROM /m).at(-1) ?? '';
  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(runtime);
  // ENV values may name the stage's build arguments (`ARG GIT_COMMIT=` then `ENV GIT_COMMIT=$GIT_COMMIT`):
  // without --build-arg, Docker gives them the ARG's default.
  const args = Object.fromEntries([...runtime.matchAll(/^ARG\s+(\w+)(?:=(\S*))?\s*$/gm)].map((m) => [m[1], m[2] ?? '']));
  const expand = (value: string) => value.replace(/\$\{?(\w+)\}?/g, (_all, name: string) => args[name] ?? '');
  const env = Object.fromEntries([...runtime.matchAll(/^ENV\s+(\w+)=(\S*)\s*$/gm)].map((m) => [m[1], expand(m[2])]));
  const workdir = /^WORKDIR\s+(\S+)/m.exec(runtime)?.[1] ?? '/';
  const copied = [...runtime.matchAll(/^COPY\s+(?:--from=\S+\s+)?(\S+)\s+\S+\s*$/gm)].map((m) => m[1].replace(/^\/app\//, '').replace(/^\.\//, ''));
  return { bases, entrypoint: entrypoint ? (JSON.parse(entrypoint[1]) as string[]) : [], env, workdir, copied };
}

/** Compose durations (`10s`, `1m30s`, `500ms`) in milliseconds. */
export function durationMs(text: string | undefined, fallbackMs: number): number {
  if (!text) return fallbackMs;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
  return total || fallbackMs;
}

export { dynamicConfigValues } from '../../src/temporal/dynamic-config';
