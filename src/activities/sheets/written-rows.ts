/**
 * The rows the service writes, in the column order of their layouts: one Analytics row per
 * period, one Events row per event. Pure, so the DB activities build them and the Sheets
 * activities only carry them.
 */
import type { StoredEvent } from '../../db';
import type { Figures } from '../../common/stats';
import type { SheetCell } from '../../common/sheets';

/** Longest details text written to a cell (Google's limit is 50 000 characters). */
const MAX_DETAILS = 5_000;

/** period, posts received, car ads, duplicates, published, failed, AI calls, tokens, active subscribers. */
export function analyticsRow(period: string, f: Figures): SheetCell[] {
  return [period, f.received, f.carAds, f.duplicates, f.published, f.failed, f.aiCalls, f.promptTokens + f.completionTokens, f.activeSubscribers];
}

/** time (ISO, UTC), type, post, user, details (the payload as JSON). */
export function eventRow(e: Pick<StoredEvent, 'createdAt' | 'type' | 'postId' | 'userId' | 'payload'>): SheetCell[] {
  const payload = e.payload && Object.keys(e.payload).length > 0 ? JSON.stringify(e.payload) : '';
  const details = payload.length > MAX_DETAILS ? `${payload.slice(0, MAX_DETAILS - 3)}...` : payload;
  return [new Date(e.createdAt).toISOString(), e.type, e.postId ?? '', e.userId ?? '', details];
}
