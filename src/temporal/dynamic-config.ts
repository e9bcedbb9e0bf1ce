/**
 * The Temporal server settings Cars Bot relies on (fairness and the matcher it needs), kept in
 * one file, `deploy/temporal/dynamicconfig/cars-bot.yaml`: compose mounts it into its server, and
 * the dev servers of `npm start` and the test harness get the same values as
 * `--dynamic-config-value` flags. One file, so the three servers can't drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The dynamic config file compose mounts (the same path from `src/` and from `dist/`). */
export const SERVER_DYNAMIC_CONFIG_FILE = path.resolve(__dirname, '../../deploy/temporal/dynamicconfig/cars-bot.yaml');

/**
 * A Temporal dynamic config file (`key: [{value: ...}]`) as the dev server's
 * `--dynamic-config-value` settings. Only entries without constraints can be given that way,
 * so any other entry is an error rather than silently left out.
 */
export function dynamicConfigValues(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`the Temporal server settings (${file}) could not be read: ${(err as Error).message}`);
  }
  const parsed = (parse(text) ?? {}) as Record<string, { value: unknown; constraints?: unknown }[]>;
  return Object.fromEntries(
    Object.entries(parsed).map(([key, entries]) => {
      if (!Array.isArray(entries) || entries.length !== 1 || entries[0].constraints !== undefined) {
        throw new Error(`${file}: ${key} must have exactly one value without constraints (the dev server takes no others)`);
      }
      return [key, entries[0].value];
    }),
  );
}

/** Our server settings, for a dev server. */
export function serverDynamicConfig(): Record<string, unknown> {
  return dynamicConfigValues(SERVER_DYNAMIC_CONFIG_FILE);
}
