/**
 * The database side of the Sheets jobs, on the workflow queue with the other quick database
 * steps: apply a read sheet to the channel or subscriber list, build the Analytics row, hand
 * out pending events and mark them exported. Each is idempotent: a retry finds the database as
 * the first attempt left it and the same call changes nothing more.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { ChannelRow, ReplaceResult, SubscriberRow } from '../../db';
import { INVALID_SHEETS_JOB_INPUT, type ChannelSyncResult, type SheetCell, type SheetSyncResult, type SkippedRow, type SubscriberSyncResult } from '../../common/sheets';
import type { ChannelsSheet, SheetsActivityDeps, SubscribersSheet } from './sheets-activities';
import { analyticsRow, eventRow } from './written-rows';
import { dayBounds, parseDay, zonedDay } from './zoned-time';

/** A read sheet to apply; `allowEmpty` lets an empty sheet deactivate everything. */
export interface ApplySheetInput<S> {
  sheet: S;
  allowEmpty: boolean;
}

/** Rows for the Events sheet and the ids of the events they show. */
export interface PendingEventRows {
  ids: number[];
  rows: SheetCell[][];
}

import { processMetrics, type BusinessMetrics } from '../../observability/metrics';
/** The hour the day is judged by: the run just after midnight still completes the previous day. */
const LOOK_BACK_MS = 3_600_000;

/** Keys of skipped rows that name a listed item not listed elsewhere in the sheet: kept as stored. */
function keptKeys<K>(skipped: { key?: K }[], listed: Set<K>): K[] {
  return [...new Set(skipped.flatMap((s) => (s.key !== undefined && !listed.has(s.key) ? [s.key] : [])))];
}

function report<K>(result: ReplaceResult<K>, sheet: { skipped: SkippedRow[]; entries: unknown[]; sheetMissing: boolean }): SheetSyncResult<K> {
  return {
    added: result.added,
    changed: result.changed,
    deactivated: result.deactivated,
    skipped: sheet.skipped.map(({ row, reason }) => ({ row, reason })),
    listed: sheet.entries.length,
    emptySheetIgnored: result.ignoredEmptyList,
    sheetMissing: sheet.sheetMissing,
  };
}

const NOTHING: ReplaceResult<never> = { added: [], changed: [], deactivated: [], ignoredEmptyList: true };

/** The database steps of the Sheets jobs, over the store; the worker wiring adds them to the workflow queue. */
export function createSheetSyncActivities({ store, timeZone, metrics = processMetrics() }: Pick<SheetsActivityDeps, 'store' | 'timeZone'> & { metrics?: BusinessMetrics }) {
  /** Counts what a sync changed in the database, then reports it. */
  const counted = <K>(sheetName: string, result: ReplaceResult<K>, sheet: Parameters<typeof report>[1]): SheetSyncResult<K> => {
    for (const change of ['added', 'changed', 'deactivated'] as const) {
      if (result[change].length > 0) metrics.sheetSyncChanges.inc({ sheet: sheetName, change }, result[change].length);
    }
    return report(result, sheet);
  };
  return {
    /**
     * Makes the channel list match the sheet. A skipped row that still names its channel keeps
     * that channel as stored; a sheet without valid rows changes nothing unless allowed.
     */
    async applyChannelsSheet({ sheet, allowEmpty }: ApplySheetInput<ChannelsSheet>): Promise<ChannelSyncResult> {
      if (sheet.entries.length === 0 && !allowEmpty) return report(NOTHING, sheet);
      const rows: ChannelRow[] = sheet.entries.map(({ chat, title, active, notes, pollIntervalSeconds }) => ({ chat, title, active, notes, pollIntervalSeconds }));
      const keep = keptKeys(sheet.skipped, new Set(rows.map((r) => r.chat)));
      if (keep.length > 0) {
        const stored = await store.listActiveChannels();
        for (const c of stored) if (keep.includes(c.chat)) rows.push({ chat: c.chat, title: c.title, active: c.active, notes: c.notes, pollIntervalSeconds: c.pollIntervalSeconds });
      }
      return counted('channels', await store.replaceChannels(rows, { allowDeactivateAll: allowEmpty }), sheet);
    },

    /** Makes the subscriber list match the sheet, with the same rules as the channels. */
    async applySubscribersSheet({ sheet, allowEmpty }: ApplySheetInput<SubscribersSheet>): Promise<SubscriberSyncResult> {
      if (sheet.entries.length === 0 && !allowEmpty) return report(NOTHING, sheet);
      const rows: SubscriberRow[] = sheet.entries.map((e) => ({
        telegramUserId: e.telegramUserId,
        username: e.username,
        plan: e.plan,
        expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt),
        notes: e.notes,
      }));
      for (const id of keptKeys(sheet.skipped, new Set(rows.map((r) => r.telegramUserId)))) {
        const s = await store.getSubscriber(id);
        if (s) rows.push({ telegramUserId: id, username: s.username, plan: s.plan, expiresAt: s.expiresAt, active: s.active, notes: s.notes });
      }
      return counted('subscribers', await store.replaceSubscribers(rows, { allowDeactivateAll: allowEmpty }), sheet);
    },

    /**
     * The Analytics row of a day (`YYYY-MM-DD` in the operators' time zone), counted up to `at`;
     * without `day`, the day of the hour before `at`.
     */
    async analyticsRowFor({ day, at }: { day?: string; at: string }): Promise<{ period: string; cells: SheetCell[] }> {
      const now = new Date(at).getTime();
      if (Number.isNaN(now)) throw ApplicationFailure.nonRetryable(`at: not a time: ${JSON.stringify(at)}`, INVALID_SHEETS_JOB_INPUT);
      if (day !== undefined && !parseDay(day)) throw ApplicationFailure.nonRetryable(`day: expected YYYY-MM-DD, got ${JSON.stringify(day)}`, INVALID_SHEETS_JOB_INPUT);
      const period = day ?? zonedDay(now - LOOK_BACK_MS, timeZone);
      const { from, to } = dayBounds(period, timeZone);
      const figures = await store.figures({ from, to: new Date(Math.max(from.getTime(), Math.min(to.getTime(), now))) });
      return { period, cells: analyticsRow(period, figures) };
    },

    /** The oldest events not yet exported, as Events rows. */
    async pendingEventRows(limit: number): Promise<PendingEventRows> {
      const events = await store.pendingEvents(limit);
      return { ids: events.map((e) => e.id), rows: events.map(eventRow) };
    },

    /** Marks events exported once their rows are in the sheet; marking again changes nothing. */
    async markEventsExported(ids: number[]): Promise<number> {
      return store.markEventsExported(ids, new Date());
    },
  };
}

/** What the Sheets workflows proxy on the workflow queue (type only, for `proxyActivities`). */
export type SheetSyncActivities = ReturnType<typeof createSheetSyncActivities>;
