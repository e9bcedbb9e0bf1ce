/** Connecting to Temporal the same way from every entry point. */
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { dataConverterFor } from './data-converter';

/** The configured frontend, or the local dev server's default address. */
export function temporalAddress(config: AppConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}

/** A client with the project's data converter: what it writes is encrypted, what it reads decrypted. */
export async function connectClient(config: AppConfig, address = temporalAddress(config)): Promise<Client> {
  const dataConverter = dataConverterFor(config); // before connecting: a missing key is the clearer error
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter });
}
