/** The workers' connection to Temporal, failing fast with the address like the client's (kept apart: it loads the worker SDK). */
import { NativeConnection } from '@temporalio/worker';
import { reachTemporal } from './client';

export async function connectNative(address: string, hint: string): Promise<NativeConnection> {
  return reachTemporal(address, hint, () => NativeConnection.connect({ address }));
}
