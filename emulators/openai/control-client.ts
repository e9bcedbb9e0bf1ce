/**
 * A typed client for the OpenAI emulator's control API, so a process other than the one running
 * the emulator (workers, the CLI, a benchmark) can inject faults and read what was asked.
 */
import type { FaultConfig } from '../common/faults';
import type { RecordedRequest } from './request-log';

/** Drives an OpenAI emulator over HTTP. */
export class OpenAiControlClient {
  private readonly origin: string;

  /** @param url the emulator's base URL (the client's `baseURL`, ending in `/v1`) or its origin. */
  constructor(url: string) {
    this.origin = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  /** Merges fault settings (latency, error rate, failNext, outage). */
  async setFaults(config: FaultConfig): Promise<FaultConfig> {
    return this.request<FaultConfig>('POST', '/_control/faults', config);
  }

  /** The fault settings in force. */
  async faults(): Promise<FaultConfig> {
    return this.request<FaultConfig>('GET', '/_control/faults');
  }

  /** Clears every fault. */
  async clearFaults(): Promise<void> {
    await this.request('DELETE', '/_control/faults');
  }

  /** Summaries of the API requests the emulator has answered (or dropped). */
  async requests(): Promise<RecordedRequest[]> {
    return (await this.request<{ requests: RecordedRequest[] }>('GET', '/_control/requests')).requests;
  }

  /** Forgets the recorded requests; returns how many there were. */
  async clearRequests(): Promise<number> {
    return (await this.request<{ cleared: number }>('DELETE', '/_control/requests')).cleared;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`OpenAI emulator control ${method} ${path} failed: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}
