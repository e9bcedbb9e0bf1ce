/**
 * The control-panel spreadsheet's tabs and their columns, header row first. Operators edit
 * Channels and Subscribers (columns are found by their header, in any order); the service writes
 * Analytics and Events (columns in exactly this order). The README shows the same layout.
 */
import type { OwnedSheet } from '../../common/sheets';

/** A sheet's title and its columns' header texts, in order. */
export interface SheetLayout {
  title: string;
  columns: readonly string[];
}

/** Channels: the source channels to watch; `poll interval` (optional) overrides MONITOR_POLL_INTERVAL for one channel. */
export const CHANNELS_LAYOUT = { title: 'Channels', columns: ['channel', 'title', 'active', 'notes', 'poll interval'] } as const satisfies SheetLayout;

/** Subscribers: who paid for which plan, until when. */
export const SUBSCRIBERS_LAYOUT = {
  title: 'Subscribers',
  columns: ['telegram id', 'username', 'plan', 'expires at', 'notes'],
} as const satisfies SheetLayout;

/** Sheets the service writes, by their name in activity calls. */
export const OWNED_LAYOUTS: Record<OwnedSheet, SheetLayout> = {
  analytics: {
    title: 'Analytics',
    columns: ['period', 'posts received', 'car ads', 'duplicates', 'published', 'failed', 'AI calls', 'tokens', 'active subscribers'],
  },
  events: { title: 'Events', columns: ['time', 'type', 'post', 'user', 'details'] },
};

/** Header texts compared loosely: `Telegram_ID`, `telegram-id` and ` telegram id ` are one header. */
export function normaliseHeader(text: unknown): string {
  return String(text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** A sheet name in A1 notation, always quoted (Google accepts quotes around any name). */
export function quotedSheet(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** Column letters of a 0-based index (A, ..., Z, AA, ...). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The A1 range of whole columns of a layout, from `fromRow` (1-based) down: `'Events'!A2:E`. */
export function layoutRange(layout: SheetLayout, fromRow = 1, toRow?: number): string {
  const last = columnLetter(layout.columns.length - 1);
  return `${quotedSheet(layout.title)}!A${fromRow}:${last}${toRow ?? ''}`;
}
