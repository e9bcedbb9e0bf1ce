/**
 * The codec key of a local run: when CODEC_KEYS is unset, `npm start` makes a key once and
 * keeps it in DATA_DIR/codec-keys (mode 0600), next to the dev server's database whose payloads
 * it encrypts; the other commands of the same checkout read it from there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { formatCodecKeys, parseCodecKeys, type CodecKey } from '../config/codec-keys';

export const CODEC_KEY_FILE = 'codec-keys';

export const localCodecKeyPath = (dataDir: string): string => path.join(dataDir, CODEC_KEY_FILE);

/** The keys kept under `dataDir`, or undefined when there is no key file. */
export function readLocalCodecKeys(dataDir: string): CodecKey[] | undefined {
  const file = localCodecKeyPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return parseCodecKeys(text.trim());
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/** The kept keys, or a new key written to the file first. */
export function provideLocalCodecKeys(dataDir: string): { keys: CodecKey[]; file: string; created: boolean } {
  const file = localCodecKeyPath(dataDir);
  const kept = readLocalCodecKeys(dataDir);
  if (kept) return { keys: kept, file, created: false };
  const keys = [{ id: `local-${new Date().toISOString().slice(0, 10)}`, key: randomBytes(32) }];
  fs.mkdirSync(dataDir, { recursive: true });
  // `wx`: two starts racing can't overwrite each other's key; the loser reads the winner's.
  try {
    fs.writeFileSync(file, `${formatCodecKeys(keys)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { keys: readLocalCodecKeys(dataDir) ?? keys, file, created: false };
    throw err;
  }
  return { keys, file, created: true };
}
