/**
 * The Channels and Subscribers sheets as the sync needs them: valid rows, and every other row
 * with its number and the reason it was skipped. Columns are found by their header (row 1), so
 * operators may reorder them or add their own. A skipped row whose key could be read says so,
 * and the sync leaves that channel or subscriber as it was instead of dropping it. Pure.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { SkippedRow } from '../../common/sheets';
import { SHEETS_FAILURE } from '../../common/failure-types';
import { CHANNELS_LAYOUT, SUBSCRIBERS_LAYOUT, normaliseHeader, type SheetLayout } from './sheet-layouts';
import { cellText, parseActiveFlag, parseChannelRef, parseExpiry, parsePollInterval, parsePlan, parseTelegramUserId, parseText, parseUsername, type CellResult } from './sheet-cells';

/** A skipped row; `key` is set when the row named a channel or subscriber that should be kept as is. */
export interface SkippedSheetRow<K> extends SkippedRow {
  key?: K;
}

/** A sheet read for a sync. */
export interface ParsedSheet<E, K> {
  entries: E[];
  skipped: SkippedSheetRow<K>[];
}

/** A valid Channels row. */
export interface ChannelEntry {
  row: number;
  /** Normalised: `@username` or numeric chat id. */
  chat: string;
  title: string | null;
  active: boolean;
  notes: string | null;
  /** Seconds between polls of the channel's watcher; null: MONITOR_POLL_INTERVAL. */
  pollIntervalSeconds: number | null;
}

/** A valid Subscribers row; `expiresAt` is an ISO time (null: no end). */
export interface SubscriberEntry {
  row: number;
  telegramUserId: number;
  username: string | null;
  plan: string;
  expiresAt: string | null;
  notes: string | null;
}

type Field = string;

/** Header texts accepted for each field, besides the layout's own. */
const CHANNEL_HEADERS: Record<Field, string[]> = {
  channel: ['channel', 'chat', 'channel id', 'username'],
  title: ['title', 'name'],
  active: ['active', 'enabled'],
  notes: ['notes', 'note', 'comment', 'comments'],
  pollInterval: ['poll interval', 'poll every', 'interval', 'poll seconds'],
};

const SUBSCRIBER_HEADERS: Record<Field, string[]> = {
  telegramId: ['telegram id', 'telegram user id', 'user id', 'tg id'],
  username: ['username', 'user name', 'telegram username'],
  plan: ['plan', 'tariff'],
  expiresAt: ['expires at', 'expires', 'expiry', 'valid until', 'paid until', 'until'],
  notes: ['notes', 'note', 'comment', 'comments'],
};

/** Column index of each field found in the header row; the key field must be there. */
function mapColumns(header: unknown[], aliases: Record<Field, string[]>, keyField: Field, layout: SheetLayout): Record<Field, number | undefined> {
  const texts = header.map(normaliseHeader);
  const columns = Object.fromEntries(Object.entries(aliases).map(([field, names]) => [field, indexOfAny(texts, names)]));
  if (columns[keyField] === undefined) {
    const found = header.map(cellText).filter(Boolean);
    throw ApplicationFailure.create({
      type: SHEETS_FAILURE.layoutInvalid,
      nonRetryable: true,
      message:
        `the ${layout.title} sheet's first row must be its header (${layout.columns.join(', ')}); ` +
        `found ${found.length ? found.map((t) => JSON.stringify(t)).join(', ') : 'an empty row'}`,
    });
  }
  return columns;
}

function indexOfAny(texts: string[], names: string[]): number | undefined {
  const i = texts.findIndex((t) => names.includes(t));
  return i === -1 ? undefined : i;
}

const isBlankRow = (row: unknown[] | undefined) => !row || row.every((cell) => cellText(cell) === '');

/** Reads the data rows; `read` returns an entry or the problems of one row. */
function parseRows<E, K>(
  values: unknown[][],
  read: (cells: (field: Field) => unknown, row: number) => { entry?: E; key?: K; problems: string[] },
  columns: Record<Field, number | undefined>,
  keyOf: (entry: E) => K,
): ParsedSheet<E, K> {
  const entries: E[] = [];
  const skipped: SkippedSheetRow<K>[] = [];
  const firstRowOf = new Map<K, number>();
  values.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (isBlankRow(cells)) return;
    const cell = (field: Field) => {
      const col = columns[field];
      return col === undefined ? undefined : cells[col];
    };
    const { entry, key, problems } = read(cell, row);
    if (!entry) {
      skipped.push({ row, reason: problems.join('; '), ...(key !== undefined ? { key } : {}) });
      return;
    }
    const k = keyOf(entry);
    const first = firstRowOf.get(k);
    if (first !== undefined) {
      skipped.push({ row, reason: `${String(k)} is already listed in row ${first}; this row is ignored` });
      return;
    }
    firstRowOf.set(k, row);
    entries.push(entry);
  });
  return { entries, skipped };
}

/** Collects problems: `take` returns the value of a parsed cell, or undefined after noting why not. */
function collector(problems: string[]) {
  return <T>(column: string, result: CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    problems.push(`${column}: ${result.reason}`);
    return undefined;
  };
}

/** The Channels sheet (values as read, header row first). */
export function parseChannelsSheet(values: unknown[][]): ParsedSheet<ChannelEntry, string> {
  if (values.length === 0) return { entries: [], skipped: [] };
  const columns = mapColumns(values[0], CHANNEL_HEADERS, 'channel', CHANNELS_LAYOUT);
  return parseRows<ChannelEntry, string>(
    values,
    (cell, row) => {
      const problems: string[] = [];
      const take = collector(problems);
      const chat = take('channel', parseChannelRef(cell('channel')));
      const active = take('active', parseActiveFlag(cell('active')));
      const pollIntervalSeconds = take('poll interval', parsePollInterval(cell('pollInterval')));
      if (chat === undefined || active === undefined || pollIntervalSeconds === undefined) return { key: chat, problems };
      return { entry: { row, chat, title: parseText(cell('title')), active, notes: parseText(cell('notes')), pollIntervalSeconds }, problems };
    },
    columns,
    (e) => e.chat,
  );
}

/** The Subscribers sheet (values as read, header row first); dates are read in `timeZone`. */
export function parseSubscribersSheet(values: unknown[][], timeZone: string): ParsedSheet<SubscriberEntry, number> {
  if (values.length === 0) return { entries: [], skipped: [] };
  const columns = mapColumns(values[0], SUBSCRIBER_HEADERS, 'telegramId', SUBSCRIBERS_LAYOUT);
  return parseRows<SubscriberEntry, number>(
    values,
    (cell, row) => {
      const problems: string[] = [];
      const take = collector(problems);
      const telegramUserId = take('telegram id', parseTelegramUserId(cell('telegramId')));
      const username = take('username', parseUsername(cell('username')));
      const plan = take('plan', parsePlan(cell('plan')));
      const expiresAt = take('expires at', parseExpiry(cell('expiresAt'), timeZone));
      if (telegramUserId === undefined || username === undefined || plan === undefined || expiresAt === undefined) {
        return { key: telegramUserId, problems };
      }
      return {
        entry: { row, telegramUserId, username, plan, expiresAt: expiresAt?.toISOString() ?? null, notes: parseText(cell('notes')) },
        problems,
      };
    },
    columns,
    (e) => e.telegramUserId,
  );
}
