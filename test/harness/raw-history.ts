/**
 * A workflow history as the server stores it, read without our codec: what anyone with access to
 * the Temporal server, the Web UI or `temporal workflow show` sees. Every payload found is listed
 * with where it sits, and every string is also read base64-decoded, so a test can look for
 * personal data in all of it.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';

/** One payload of the history (proto3 JSON: metadata values and data in base64). */
export interface RawPayload {
  /** Where in the history, e.g. `events.3.activityTaskScheduledEventAttributes.input.payloads.0`. */
  path: string;
  encoding: string;
  data: Buffer;
}

/** The history's JSON, as `temporal workflow show --output json` prints it. */
export async function rawHistoryJson(client: Client, workflowId: string): Promise<string> {
  const history: History = await client.workflow.getHandle(workflowId).fetchHistory();
  return historyToJSON(history);
}

/** Every object with `metadata` and `data` fields, i.e. every payload, with its path. */
export function payloadsIn(json: string): RawPayload[] {
  const found: RawPayload[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}.${i}`));
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    const metadata = obj.metadata as Record<string, string> | undefined;
    if (metadata && typeof metadata === 'object' && typeof metadata.encoding === 'string') {
      found.push({ path, encoding: Buffer.from(metadata.encoding, 'base64').toString('utf8'), data: Buffer.from(String(obj.data ?? ''), 'base64') });
    }
    for (const [k, v] of Object.entries(obj)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(JSON.parse(json), '');
  return found;
}

/** Everything a reader of the raw history could see: the JSON, and each string in it base64-decoded. */
export function readableText(json: string): string {
  const decoded: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value === 'string') {
      if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0) decoded.push(Buffer.from(value, 'base64').toString('utf8'));
      return;
    }
    if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(json));
  return `${json}\n${decoded.join('\n')}`;
}

/**
 * Payloads Temporal writes as they are whatever the codec: search attributes (the server must
 * read them), the SDK core's patch markers (the patch id only) and its local-activity markers'
 * bookkeeping (`data`: sequence number, activity type, attempt, times; the result is encoded).
 */
const NEVER_ENCODED = [/searchAttributes/i, /markerRecordedEventAttributes\.details\.patch-data\./, /markerRecordedEventAttributes\.details\.data\./];

/** Payloads that should have gone through the codec but are not encrypted (`encoding` given). */
export function unencryptedPayloads(json: string, encryptedEncoding: string): RawPayload[] {
  return payloadsIn(json).filter((p) => p.encoding !== encryptedEncoding && !NEVER_ENCODED.some((re) => re.test(p.path)));
}
