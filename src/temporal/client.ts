/** Connecting to Temporal the same way from every entry point. */
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';

/** The configured frontend, or the local dev server's default address. */
export function temporalAddress(config: AppConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}

export async function connectClient(config: AppConfig, address = temporalAddress(config)): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace });
}
