import { ApplicationFailure } from '@temporalio/common';
import { parseChannelsSheet, parseSubscribersSheet } from '../../src/activities/sheets/sheet-rows';
import { SHEETS_FAILURE } from '../../src/common/failure-types';

describe('the Channels sheet', () => {
  test('valid rows become entries, bad rows are skipped with their row numbers and reasons', () => {
    const parsed = parseChannelsSheet([
      ['channel', 'title', 'active', 'notes'],
      ['@cars_kz', 'Cars KZ', true, ''],
      ['https://t.me/Auto_Almaty', 'Авто Алматы', 'yes', 'main'],
      [],
      ['not a channel!', 'Broken', 'TRUE'],
      ['@drive_ru', 'Drive', 'maybe'],
      ['@CARS_KZ', 'Cars KZ again', true],
      ['', 'no channel given', 'TRUE'],
      [-1001234567890, 'Private group', 'FALSE'],
    ]);
    expect(parsed.entries).toEqual([
      { row: 2, chat: '@cars_kz', title: 'Cars KZ', active: true, notes: null, pollIntervalSeconds: null },
      { row: 3, chat: '@auto_almaty', title: 'Авто Алматы', active: true, notes: 'main', pollIntervalSeconds: null },
      { row: 9, chat: '-1001234567890', title: 'Private group', active: false, notes: null, pollIntervalSeconds: null },
    ]);
    expect(parsed.skipped).toEqual([
      { row: 5, reason: 'channel: expected @username, a t.me link or a numeric chat id, got "not a channel!"' },
      { row: 6, reason: 'active: expected TRUE/FALSE, yes/no or 1/0, got "maybe"', key: '@drive_ru' },
      { row: 7, reason: '@cars_kz is already listed in row 2; this row is ignored' },
      { row: 8, reason: 'channel: missing' },
    ]);
  });

  test('columns are found by their header, in any order; unknown columns are ignored', () => {
    const parsed = parseChannelsSheet([
      ['Notes', 'Owner', 'Active', 'Channel'],
      ['weekend only', 'Dana', 'no', '@cars_kz'],
    ]);
    expect(parsed.entries).toEqual([{ row: 2, chat: '@cars_kz', title: null, active: false, notes: 'weekend only', pollIntervalSeconds: null }]);
  });

  test('a first row without a channel column is a layout error that names the expected header', () => {
    let failure: unknown;
    try {
      parseChannelsSheet([['@cars_kz', 'Cars KZ', 'TRUE']]);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SHEETS_FAILURE.layoutInvalid, nonRetryable: true });
    expect((failure as Error).message).toBe('the Channels sheet\'s first row must be its header (channel, title, active, notes, poll interval); found "@cars_kz", "Cars KZ", "TRUE"');
  });

  test('an empty sheet and a header alone give no entries', () => {
    expect(parseChannelsSheet([])).toEqual({ entries: [], skipped: [] });
    expect(parseChannelsSheet([['channel', 'title', 'active', 'notes']])).toEqual({ entries: [], skipped: [] });
  });
});

describe('the Subscribers sheet', () => {
  test('unknown plans, unreadable dates and non-numeric ids are skipped with their row numbers', () => {
    const parsed = parseSubscribersSheet(
      [
        ['telegram_id', 'username', 'plan', 'expires_at', 'notes'],
        [4242, 'aigerim', 'month', '2026-12-31', ''],
        ['5353', '', 'Week', '30.11.2026', 'paid by transfer'],
        ['@bolat', 'bolat', 'month', '2026-12-31'],
        [7777, 'dana', 'platinum', '2026-12-31'],
        [8888, 'erlan', 'year', 'someday'],
        [9999, 'zhanna', 'trial', ''],
      ],
      'Asia/Almaty',
    );
    expect(parsed.entries).toEqual([
      { row: 2, telegramUserId: 4242, username: 'aigerim', plan: 'month', expiresAt: '2026-12-31T19:00:00.000Z', notes: null },
      { row: 3, telegramUserId: 5353, username: null, plan: 'week', expiresAt: '2026-11-30T19:00:00.000Z', notes: 'paid by transfer' },
      { row: 7, telegramUserId: 9999, username: 'zhanna', plan: 'trial', expiresAt: null, notes: null },
    ]);
    expect(parsed.skipped).toEqual([
      { row: 4, reason: 'telegram id: expected a numeric Telegram user id, got "@bolat"' },
      { row: 5, reason: 'plan: unknown plan "platinum" (expected one of trial, week, month, quarter, year)', key: 7777 },
      { row: 6, reason: 'expires at: expected a date such as 2026-12-31 or 31.12.2026 (optionally with HH:MM), got "someday"', key: 8888 },
    ]);
  });

  test('every problem of a row is reported, not just the first', () => {
    const parsed = parseSubscribersSheet([['telegram id', 'plan', 'expires at'], ['abc', 'gold', 'soon']], 'UTC');
    expect(parsed.skipped).toHaveLength(1);
    expect(parsed.skipped[0].reason.split('; ').map((p) => p.split(':')[0])).toEqual(['telegram id', 'plan', 'expires at']);
  });
});
