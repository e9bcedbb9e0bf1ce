/** The workers' connection to Temporal, failing fast with the address like the client's (kept apart: it loads the worker SDK). */
import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { connectionOptionsFor, reachTemporal, securityHint } from './client';

/** A worker connection to `address` (the configured server, with its profile's TLS and API key, or the local dev server). */
export async function connectNative(config: AppConfig, address: string, hint: string): Promise<NativeConnection> {
  return reachTemporal(address, hint, () => NativeConnection.connect(connectionOptionsFor(config, address)), securityHint(config, address));
}
