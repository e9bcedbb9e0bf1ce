/**
 * A typed client for the Sheets emulator's control API, so that a process other than the one
 * running the emulator (workers, the CLI, a benchmark) can seed sheets and read results.
 */
import { EmulatorControlClient } from '../common/control-client';
import type { TokenGrant } from './auth';
import type { CellValue } from './cell-values';
import type { SheetsFixture } from './fixture';
import type { RequestStats } from './quota';

/** Drives a Sheets emulator over HTTP. */
export class SheetsControlClient extends EmulatorControlClient {
  /** @param url the emulator's URL (its googleapis `rootUrl`, with or without the trailing slash). */
  constructor(url: string) {
    super(url, 'Sheets');
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

  private sheetPath(spreadsheetId: string, sheet: string): string {
    return `/spreadsheets/${encodeURIComponent(spreadsheetId)}/sheets/${encodeURIComponent(sheet)}`;
  }
}
