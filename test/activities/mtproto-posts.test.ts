/**
 * The MTProto reader's mapping, on GramJS's own classes: `Api.Message` objects built with the
 * library's constructors (as GramJS builds them from Telegram's answers) become our posts, and
 * GramJS's errors become our failures. No Telegram server is involved (see the README).
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { FloodWaitError, RPCError } from 'telegram/errors';
import { messagesToPosts, messageText, mtprotoPhotoRef } from '../../src/activities/channels/mtproto-posts';
import { mtprotoFailure } from '../../src/activities/channels/mtproto-reader';
import { MONITOR_FAILURE } from '../../src/common/monitor';

const peer = new Api.PeerChannel({ channelId: bigInt(1234567890) });
const date = Math.floor(Date.parse('2026-11-20T09:12:00Z') / 1000);
const photo = (id: number) =>
  new Api.MessageMediaPhoto({
    photo: new Api.Photo({ id: bigInt(id), accessHash: bigInt(99), fileReference: Buffer.from('ref'), date, sizes: [new Api.PhotoSize({ type: 'x', w: 1280, h: 960, size: 98_410 })], dcId: 2 }),
  });
const message = (fields: Partial<ConstructorParameters<typeof Api.Message>[0]> & { id: number }) =>
  new Api.Message({ peerId: peer, date, message: '', post: true, ...fields });

test('text and entities: formatting is dropped, a text link\'s URL is kept after its words', () => {
  const text = 'Продаю Camry 2018, пишите сюда';
  const m = message({
    id: 10,
    message: text,
    entities: [new Api.MessageEntityBold({ offset: 0, length: 6 }), new Api.MessageEntityTextUrl({ offset: text.indexOf('сюда'), length: 4, url: 'https://t.me/seller_kz' })],
  });
  expect(m).toBeInstanceOf(Api.Message);
  expect(messageText(m)).toBe('Продаю Camry 2018, пишите сюда (https://t.me/seller_kz)');
  expect(messagesToPosts('@cars_kz', [m])).toEqual([
    { messageId: 10, lastMessageId: 10, date: '2026-11-20T09:12:00.000Z', text: 'Продаю Camry 2018, пишите сюда (https://t.me/seller_kz)', photos: [], edited: false },
  ]);
});

test('an album (one groupedId) is one post named by its first message, with every photo and the caption wherever it is', () => {
  const group = bigInt('13571113171923');
  const album = [
    message({ id: 22, groupedId: group, media: photo(502) }),
    message({ id: 21, groupedId: group, media: photo(501), message: 'Kia Rio 2017, 6 500 000 тг' }),
    message({ id: 23, groupedId: group, media: photo(503) }),
  ];
  const single = message({ id: 24, media: photo(504), message: 'Hyundai Accent 2015' });
  const posts = messagesToPosts('@cars_kz', [single, ...album]);
  expect(posts).toEqual([
    { messageId: 21, lastMessageId: 23, date: '2026-11-20T09:12:00.000Z', text: 'Kia Rio 2017, 6 500 000 тг', photos: [501, 502, 503].map((id, i) => mtprotoPhotoRef('@cars_kz', 21 + i, String(id))), edited: false },
    { messageId: 24, lastMessageId: 24, date: '2026-11-20T09:12:00.000Z', text: 'Hyundai Accent 2015', photos: [mtprotoPhotoRef('@cars_kz', 24, '504')], edited: false },
  ]);
});

test('edits are marked (unless hidden); service messages and media without text are left out', () => {
  const edited = message({ id: 30, message: 'Цена снижена: 11 900 000 тг', editDate: date + 600 });
  const hidden = message({ id: 31, message: 'reaction counter changed', editDate: date + 60, editHide: true });
  const service = new Api.MessageService({ id: 32, peerId: peer, date, action: new Api.MessageActionChannelCreate({ title: 'Cars' }) });
  const sticker = message({ id: 33, media: new Api.MessageMediaDocument({}) });
  const posts = messagesToPosts('@cars_kz', [edited, hidden, service, sticker]);
  expect(posts.map((p) => [p.messageId, p.edited])).toEqual([
    [30, true],
    [31, false],
  ]);
});

test('FLOOD_WAIT_X retries after exactly X seconds; a private channel is not retried; the rest backs off', () => {
  const flood = mtprotoFailure('@cars_kz', new FloodWaitError({ request: new Api.channels.GetMessages({ channel: 'cars_kz', id: [] }), capture: 42 }));
  expect([flood.type, flood.nonRetryable, flood.nextRetryDelay]).toEqual([MONITOR_FAILURE.rateLimited, false, '42s']);
  expect(flood.details).toEqual([{ retryAfterSeconds: 42 }]);

  const closed = mtprotoFailure('@secret', new RPCError('CHANNEL_PRIVATE', new Api.channels.GetMessages({ channel: 'secret', id: [] }), 400));
  expect([closed.type, closed.nonRetryable]).toEqual([MONITOR_FAILURE.accessDenied, true]);
  expect(closed.message).toContain('CHANNEL_PRIVATE');

  const network = mtprotoFailure('@cars_kz', new Error('Connection closed'));
  expect([network.type, network.nonRetryable]).toEqual([MONITOR_FAILURE.unavailable, false]);
});
