/**
 * Reads the settings once, at start-up, from the environment and an optional `.env` file,
 * validates every one, and hands a typed config object down. A bad value stops the process
 * with one line per problem naming the variable and what is expected, never the secret itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { SETTINGS, type Env, type SettingName } from './env-schema';
import { buildAppConfig, type AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { resolveTemporalProfile } from './temporal-profile';
import { deriveBuildId } from './build-id';

export { ConfigError } from './config-error';


/** Merges `.env` (if present) under the real environment: a real variable always wins. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, dotenvPath = path.resolve('.env')): Record<string, string | undefined> {
  const fromFile = fs.existsSync(dotenvPath) ? parseDotenv(fs.readFileSync(dotenvPath)) : {};
  return { ...fromFile, ...env };
}

/** Validates the raw variables against SETTINGS; empty strings count as unset. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const given = raw[name]?.trim();
    const value = given === undefined || given === '' ? ('default' in setting ? setting.default : undefined) : given;
    if (value === undefined) continue;
    const result = setting.schema.safeParse(value);
    if (result.success) {
      out[name] = result.data;
    } else {
      const shown = 'secret' in setting && setting.secret ? '' : ` (got "${value.length > 60 ? `${value.slice(0, 57)}...` : value}")`;
      problems.push(`${name}: ${result.error.issues[0]?.message ?? 'invalid value'}${shown}`);
    }
  }
  // The Temporal profile: envconfig's reading of the file and the TEMPORAL_* variables, checked here.
  const { profile, problems: profileProblems } = resolveTemporalProfile(raw);
  problems.push(...profileProblems.filter((p) => !problems.some((q) => q.split(':')[0] === p.split(':')[0])));
  // Worker Versioning: this build's id, derived when not given.
  let workerBuildId = out.WORKER_BUILD_ID as string | undefined;
  if (out.WORKER_DEPLOYMENT_NAME !== undefined && workerBuildId === undefined && !problems.some((p) => p.startsWith('GIT_COMMIT:'))) {
    const derived = deriveBuildId(out.GIT_COMMIT as string | undefined);
    if (derived.buildId) workerBuildId = derived.buildId;
    else problems.push(`WORKER_BUILD_ID: unset, and ${derived.why}; set WORKER_BUILD_ID (or GIT_COMMIT)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...out, temporalProfile: profile, workerBuildId } as Env;
}

/** Everything at once: environment + `.env` → validated typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenvPath?: string } = {}): AppConfig {
  const parsed = parseEnv(readEnvironment(env, options.dotenvPath));
  const config = buildAppConfig(parsed);
  return config;
}
