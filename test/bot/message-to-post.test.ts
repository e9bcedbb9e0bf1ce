import type { Message, PhotoSize } from 'grammy/types';
import { chatRefs, chatSource, largestPhoto, messagesToPost } from '../../src/bot/message-to-post';

const size = (file_id: string, width: number, height: number, file_size?: number): PhotoSize => ({ file_id, file_unique_id: `u-${file_id}`, width, height, file_size });
const chat = { id: -1001234567890, type: 'channel', title: 'Cars', username: 'Cars_KZ' } as const;
const message = (id: number, extra: Partial<Message>): Message => ({ message_id: id, date: 1_763_600_000, chat, ...extra }) as Message;

describe('Telegram messages as posts', () => {
  test('the largest photo size wins, whatever order Telegram lists them in', () => {
    expect(largestPhoto([size('m', 320, 240), size('l', 1280, 960), size('s', 90, 67)])).toBe('l');
    expect(largestPhoto([size('a', 100, 100, 10), size('b', 100, 100, 20)])).toBe('b');
    expect(largestPhoto([])).toBeUndefined();
  });

  test('a channel is its @username when public, else its id; both are refs for the Channels sheet', () => {
    expect(chatSource(chat)).toBe('@Cars_KZ');
    expect(chatSource({ id: -100999 })).toBe('-100999');
    expect(chatRefs(chat)).toEqual(['-1001234567890', '@Cars_KZ']);
  });

  test('an album in any order: first message id, the caption wherever it is, every photo in order', () => {
    const parts = [
      message(12, { photo: [size('p12', 1280, 960)], media_group_id: 'g' }),
      message(11, { photo: [size('p11-small', 90, 67), size('p11', 1280, 960)], media_group_id: 'g' }),
      message(13, { photo: [size('p13', 1280, 960)], media_group_id: 'g', caption: 'Продаю Kia Rio' }),
    ];
    expect(messagesToPost(parts, { source: '@Cars_KZ', messageId: 11, date: 1_763_600_000 })).toEqual({
      source: '@Cars_KZ',
      messageId: 11,
      date: '2025-11-20T00:53:20.000Z',
      text: 'Продаю Kia Rio',
      photos: ['p11', 'p12', 'p13'],
    });
  });

  test('a message without text, caption or photo is no post', () => {
    expect(messagesToPost([message(5, { sticker: {} as Message['sticker'] })], { source: '@Cars_KZ', messageId: 5, date: 1 })).toBeUndefined();
    expect(messagesToPost([message(6, { text: 'Продаю Audi A6' })], { source: '@Cars_KZ', messageId: 6, date: 1 })).toMatchObject({ text: 'Продаю Audi A6' });
  });
});
