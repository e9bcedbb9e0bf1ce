/**
 * The control-panel spreadsheet the Sheets emulator starts with when no Google credentials are
 * set, so `npm start` syncs channels and subscribers and writes analytics and events the way it
 * would against Google: the sample posts' channels, two subscribers, and empty written sheets.
 */
import type { SpreadsheetSeed } from './load-emulators';

/** Spreadsheet id of the sample control panel in the emulator. */
export const SAMPLE_SPREADSHEET_ID = 'cars-bot-control-panel';

/** The sample spreadsheet, as an emulator fixture. */
export function sampleControlPanel(): SpreadsheetSeed {
  return {
    [SAMPLE_SPREADSHEET_ID]: {
      title: 'Cars Bot control panel (sample)',
      timeZone: 'Asia/Almaty',
      sheets: {
        Channels: [
          ['channel', 'title', 'active', 'notes'],
          ['@cars_kz', 'Cars KZ', 'TRUE', ''],
          ['@auto_almaty', 'Авто Алматы', 'TRUE', 'main source'],
          ['@drive_ru', 'Drive RU', 'TRUE', ''],
          ['@kolesa_cars', 'Kolesa cars', 'TRUE', ''],
          ['@old_channel', 'Old channel', 'FALSE', 'closed'],
          ['@avto_baraholka', 'Авто барахолка', 'TRUE', 'the bot is not a member: read through its web preview'],
        ],
        Subscribers: [
          ['telegram id', 'username', 'plan', 'expires at', 'notes'],
          [4242, 'aigerim', 'month', '2030-12-31', ''],
          [5353, '', 'week', '2030-11-30', 'paid by transfer'],
        ],
        Analytics: [['period', 'posts received', 'car ads', 'duplicates', 'published', 'failed', 'AI calls', 'tokens', 'active subscribers']],
        Events: [['time', 'type', 'post', 'user', 'details']],
      },
    },
  };
}

/** The active source channels the sample spreadsheet lists (the sample posts come from the first four). */
export const SAMPLE_SOURCE_CHANNELS = ['@cars_kz', '@auto_almaty', '@drive_ru', '@kolesa_cars', '@avto_baraholka'] as const;

/** Sample channels the bot is not a member of: only a channel watcher reads them. */
export const SAMPLE_UNJOINED_CHANNELS: readonly string[] = ['@avto_baraholka'];

/** A few posts already in the unjoined sample channel when the emulator starts (before any watcher: not processed). */
export const SAMPLE_UNJOINED_POSTS: readonly { chat: string; text: string; photos?: number }[] = [
  { chat: '@avto_baraholka', text: 'Продаю Hyundai Accent 2015, 140 000 км, механика, 4 800 000 тг, Караганда, +7 702 555 12 34', photos: 2 },
  { chat: '@avto_baraholka', text: 'Куплю зимнюю резину R16, недорого' },
];
