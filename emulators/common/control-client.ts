/**
 * What every emulator's control client shares: JSON requests to `<base>/_control/...`, errors
 * that name the emulator and the route, and the fault and reset operations.
 */
import type { FaultConfig } from './faults';

/** Base of the typed control clients, for driving an emulator from another process. */
export abstract class EmulatorControlClient {
  protected readonly base: string;

  /** @param url the emulator's base URL (a trailing slash is ignored); @param name used in errors. */
  constructor(
    url: string,
    private readonly name: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** Merges fault settings (latency, error rate, failNext, outage). */
  async setFaults(config: FaultConfig): Promise<FaultConfig> {
    return this.request<FaultConfig>('POST', '/faults', config);
  }

  async clearFaults(): Promise<void> {
    await this.request('DELETE', '/faults');
  }

  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  protected async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`${this.name} emulator control ${method} ${path} failed (${res.status}): ${data.error ?? 'unknown error'}`);
    return data;
  }
}
