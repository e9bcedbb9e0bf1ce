/**
 * A typed client for the Sheets emulator's control API, so that a process other than the one
 * running the emulator (workers, the CLI, a benchmark) can seed sheets and read results.
 */
import type { FaultConfig } from '../common/faults';
import type { TokenGrant } from './auth';
import type { CellValue } from './cell-values';
import type { SheetsFixture } from './fixture';
import type { RequestStats } from './quota';

/** Drives a Sheets emulator over HTTP. */
export class SheetsControlClient {
  private readonly base: string;

  /** @param url the emulator's URL (its googleapis `rootUrl`, with or without the trailing slash). */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  async getValues(spreadsheetId: string, sheet: string): Promise<CellValue[][]> {
    return (await this.request<{ values: CellValue[][] }>('GET', this.sheetPath(spreadsheetId, sheet))).values;
  }

  async setValues(spreadsheetId: string, sheet: string, values: CellValue[][]): Promise<void> {
    await this.request('PUT', this.sheetPath(spreadsheetId, sheet), { values });
  }

  /** Adds or replaces spreadsheets. */
  async load(fixture: SheetsFixture): Promise<void> {
    await this.request('POST', '/spreadsheets', fixture);
  }

  async setAccess(spreadsheetId: string, allowed: boolean): Promise<void> {
    await this.request('POST', `/spreadsheets/${encodeURIComponent(spreadsheetId)}/access`, { access: allowed ? 'allow' : 'deny' });
  }

  async setQuota(perMinute: number): Promise<void> {
    await this.request('POST', '/quota', { perMinute });
  }

  async requestStats(): Promise<RequestStats> {
    return this.request<RequestStats>('GET', '/requests');
  }

  async tokenGrants(): Promise<TokenGrant[]> {
    return (await this.request<{ grants: TokenGrant[] }>('GET', '/tokens')).grants;
  }

  async setFaults(config: FaultConfig): Promise<FaultConfig> {
    return this.request<FaultConfig>('POST', '/faults', config);
  }

  async clearFaults(): Promise<void> {
    await this.request('DELETE', '/faults');
  }

  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  private sheetPath(spreadsheetId: string, sheet: string): string {
    return `/spreadsheets/${encodeURIComponent(spreadsheetId)}/sheets/${encodeURIComponent(sheet)}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`Sheets emulator control ${method} ${path} failed (${res.status}): ${data.error ?? 'unknown error'}`);
    return data;
  }
}
