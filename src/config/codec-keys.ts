/**
 * The keys that encrypt what Temporal stores for us, as CODEC_KEYS gives them: comma-separated
 * `id:base64` pairs of 32-byte AES-256 keys. The first encrypts; every one decrypts, so a new key
 * goes first and the old ones stay behind it until the histories they wrote are gone.
 */

/** One AES-256 key and the id that payloads encrypted with it carry in their metadata. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

/** Key ids go into payload metadata and file names: short and plain. */
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Parses `id:base64,id:base64`. Throws an Error whose message says what is wrong without quoting
 * any key material (the setting is a secret).
 */
export function parseCodecKeys(text: string): CodecKey[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('expected at least one id:base64 key');
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1).trim() : '';
    const which = `key ${i + 1}`;
    if (!KEY_ID.test(id)) throw new Error(`${which}: expected id:base64, the id made of letters, digits, _ . - (at most 64)`);
    if (seen.has(id)) throw new Error(`${which}: the id "${id}" is given twice`);
    seen.add(id);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new Error(`${which} ("${id}"): expected 32 bytes of base64 (openssl rand -base64 32)`);
    return { id, key };
  });
}

/** The CODEC_KEYS form of `keys`, e.g. for a key file. */
export function formatCodecKeys(keys: readonly CodecKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}
