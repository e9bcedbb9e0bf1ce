/**
 * The tests' codec keys: fixed, so the histories recorded in test/histories (which hold encrypted
 * payloads) replay on every run. Test data only; never a production key.
 */
import { parseCodecKeys, type CodecKey } from '../../src/config';
import { createDataConverter } from '../../src/temporal/data-converter';
import type { DataConverter } from '@temporalio/common';

/** CODEC_KEYS of every test process (global setup exports it for the CLI commands tests run). */
export const TEST_CODEC_KEYS = 'test-2026:dGVzdC1vbmx5LWNvZGVjLWtleS1jYXJzLWJvdC0yNiE=';

export const testCodecKeys = (): CodecKey[] => parseCodecKeys(TEST_CODEC_KEYS);

/** The product's data converter with the tests' keys. */
export const testDataConverter = (): DataConverter => createDataConverter(testCodecKeys());
