/**
 * The one data converter of the project: every Client, Worker, replay and workflow bundle we
 * build uses it, so what one process encrypts every other can read. Payloads are encrypted by
 * `EncryptionCodec` (outside the workflow sandbox, as codecs always run); failures carry their
 * message and stack trace in an encoded payload (`failureConverterPath`, loaded in the sandbox
 * too). Payload conversion stays the SDK's default (JSON).
 */
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../config';
import type { CodecKey } from '../config/codec-keys';
import { EncryptionCodec } from './encryption-codec';
import { localCodecKeyPath, readLocalCodecKeys } from './local-codec-key';

/** For `bundleWorkflowCode` and the workers: the failure converter module (sandbox-safe). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** Raised when a process has no key to encrypt with; says where keys come from. */
export class CodecKeysMissingError extends Error {
  constructor(dataDir: string) {
    super(
      `CODEC_KEYS is unset and there is no key file at ${localCodecKeyPath(dataDir)}: set CODEC_KEYS (the same on every worker and client; openssl rand -base64 32 makes a key) or run npm start once to make a local key`,
    );
    this.name = 'CodecKeysMissingError';
  }
}

/** The converter for these keys (`keys[0]` encrypts, all decrypt). */
export function createDataConverter(keys: readonly CodecKey[]): DataConverter {
  return { failureConverterPath: FAILURE_CONVERTER_PATH, payloadCodecs: [new EncryptionCodec(keys)] };
}

/** The keys in force: CODEC_KEYS, else the local key file under DATA_DIR. */
export function codecKeysFor(config: AppConfig): CodecKey[] {
  if (config.codec.keys.length > 0) return config.codec.keys;
  const local = readLocalCodecKeys(config.dataDir);
  if (!local) throw new CodecKeysMissingError(config.dataDir);
  return local;
}

/** The converter every client and worker of this process uses. */
export function dataConverterFor(config: AppConfig): DataConverter {
  return createDataConverter(codecKeysFor(config));
}

/** The payload codec alone, for the codec endpoint. */
export function payloadCodecFor(config: AppConfig): EncryptionCodec {
  return new EncryptionCodec(codecKeysFor(config));
}
