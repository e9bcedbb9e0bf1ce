/**
 * The payload codec and the data converter on their own: what goes to Temporal is ciphertext
 * under the current key, each payload with its own nonce; what comes back decrypts with any
 * configured key, so a rotation keeps old histories readable; anything altered is refused.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { ApplicationFailure } from '@temporalio/common';
import { encodeErrorToFailure, decodeFailure } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { parseCodecKeys, parseEnv, ConfigError, type CodecKey } from '../../src/config';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError } from '../../src/temporal/encryption-codec';
import { createDataConverter } from '../../src/temporal/data-converter';

const key = (id: string): CodecKey => ({ id, key: randomBytes(32) });
const PHONE = '+77011234567';
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const meta = (p: Payload, k: string) => Buffer.from(p.metadata?.[k] ?? []).toString('utf8');

describe('EncryptionCodec', () => {
  const old = key('2025-01');
  const current = key('2026-01');

  test('encrypts under the first key, names it in the metadata, and hides the data', async () => {
    const codec = new EncryptionCodec([current, old]);
    const [encoded] = await codec.encode([toPayload({ contacts: [PHONE] })]);
    expect(meta(encoded, METADATA_ENCODING_KEY)).toBe(ENCRYPTED_ENCODING);
    expect(meta(encoded, KEY_ID_METADATA)).toBe('2026-01');
    expect(Buffer.from(encoded.data ?? []).toString('latin1')).not.toContain('7011234567');
    expect(JSON.stringify(encoded)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded]);
    expect(fromPayload(decoded)).toEqual({ contacts: [PHONE] });
  });

  test('a fresh nonce per payload: the same value encrypts differently each time', async () => {
    const codec = new EncryptionCodec([current]);
    const [a, b] = await codec.encode([toPayload('same'), toPayload('same')]);
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
    expect(Buffer.from(a.data ?? []).subarray(0, 12).equals(Buffer.from(b.data ?? []).subarray(0, 12))).toBe(false);
  });

  test('after a rotation, payloads written with the old key still decode', async () => {
    const [written] = await new EncryptionCodec([old]).encode([toPayload({ text: 'post text' })]);
    const rotated = new EncryptionCodec([current, old]);
    expect(fromPayload((await rotated.decode([written]))[0])).toEqual({ text: 'post text' });
    // New payloads use the new key.
    expect(meta((await rotated.encode([toPayload(1)]))[0], KEY_ID_METADATA)).toBe('2026-01');
  });

  test('a key dropped from the list: decoding names the missing key id, not the data', async () => {
    const [written] = await new EncryptionCodec([old]).encode([toPayload(PHONE)]);
    const err = await new EncryptionCodec([current]).decode([written]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadDecryptionError);
    expect((err as Error).message).toContain('"2025-01"');
    expect((err as Error).message).not.toContain('7011234567');
  });

  test('altered data or the payload moved under another key id fails authentication', async () => {
    const codec = new EncryptionCodec([current, old]);
    const [encoded] = await codec.encode([toPayload('x')]);
    const flipped = Buffer.from(encoded.data ?? []);
    flipped[flipped.length - 1] ^= 1;
    await expect(codec.decode([{ ...encoded, data: flipped }])).rejects.toThrow(/failed authentication/);
    const renamed = { ...encoded, metadata: { ...encoded.metadata, [KEY_ID_METADATA]: Buffer.from('2025-01') } };
    await expect(codec.decode([renamed])).rejects.toThrow(/failed authentication/);
    // Same key material under another id is still refused: the id is authenticated data.
    const sameBytes = new EncryptionCodec([current, { id: 'alias', key: current.key }]);
    await expect(sameBytes.decode([{ ...encoded, metadata: { ...encoded.metadata, [KEY_ID_METADATA]: Buffer.from('alias') } }])).rejects.toThrow(/failed authentication/);
  });

  test('payloads that were never encrypted pass through decode unchanged', async () => {
    const plain = toPayload({ written: 'before encryption' });
    expect(await new EncryptionCodec([current]).decode([plain])).toEqual([plain]);
  });
});

describe('the data converter', () => {
  test('failure messages and stack traces go into an encrypted payload', async () => {
    const converter = loadDataConverter(createDataConverter([key('k1')]));
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.nonRetryable(`bad post: call ${PHONE}`, 'Bad'));
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(JSON.stringify(failure)).not.toContain('7011234567');
    expect(meta(failure.encodedAttributes ?? {}, METADATA_ENCODING_KEY)).toBe(ENCRYPTED_ENCODING);
    const back = converter.failureConverter.failureToError(await decodeFailure(converter.payloadCodecs, failure), converter.payloadConverter);
    expect(back.message).toBe(`bad post: call ${PHONE}`);
  });
});

describe('CODEC_KEYS', () => {
  const b64 = randomBytes(32).toString('base64');

  test('id:base64 pairs, the first one encrypting', () => {
    const keys = parseCodecKeys(`new:${b64}, old:${randomBytes(32).toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys[0].key.toString('base64')).toBe(b64);
  });

  test('a wrong value is named without quoting the key material', () => {
    for (const bad of ['nocolon', `a:${randomBytes(16).toString('base64')}`, `a:${b64},a:${b64}`, `bad id:${b64}`]) {
      let err: unknown;
      try {
        parseEnv({ CODEC_KEYS: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems[0]).toMatch(/^CODEC_KEYS: /);
      expect((err as ConfigError).message).not.toContain(b64.slice(0, 12));
    }
  });
});
