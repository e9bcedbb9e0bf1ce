/**
 * The API token of a local run without API_TOKENS: made once and kept in DATA_DIR/api-token, so
 * a restart keeps saved curl commands working. Readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface LocalApiToken {
  token: string;
  /** The file it is kept in. */
  file: string;
  /** Whether this start made it. */
  created: boolean;
}

/** A token looks like what we make: URL-safe, no spaces, long enough to be a secret. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,}$/;

export function loadOrCreateApiToken(dataDir: string): LocalApiToken {
  const file = path.resolve(dataDir, 'api-token');
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (TOKEN_SHAPE.test(token)) return { token, file, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(18).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file, created: true };
}
