/**
 * The real grammY client against the Telegram emulator: sending, validation, rights and flood
 * limits, with assertions on what the emulator recorded.
 */
import { Bot, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { grammyError, EMULATOR_BOT_TOKEN, useEmulatedTelegram } from '../harness/telegram-client';

const CHANNEL = { id: -1001234567890, type: 'channel' as const, title: 'Cars KZ listings', username: 'cars_listings' };
const SOURCE = { id: -1009876543210, type: 'channel' as const, title: 'Source', username: 'cars_kz' };
const BUYER = { id: 4242, first_name: 'Aigerim', username: 'aigerim_buyer' };

const tg = useEmulatedTelegram({ chats: [CHANNEL, SOURCE], users: [BUYER] });

describe('getMe', () => {
  it('answers for the bot behind the token, through Bot.init()', async () => {
    const bot = new Bot(EMULATOR_BOT_TOKEN, { client: { apiRoot: tg.emulator.url } });
    await bot.init();
    expect(bot.botInfo).toMatchObject({ id: 123456789, is_bot: true, username: 'emulated_bot' });
  });

  it('rejects a malformed token with 401 and never echoes it', async () => {
    const res = await fetch(`${tg.emulator.url}/botnot-a-token-secret/getMe`);
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text)).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect(text).not.toContain('secret');
  });

  it('answers an unknown method with 404', async () => {
    const err = await grammyError(() => tg.api.raw.getMyCommands({}) as Promise<unknown>);
    expect(err.error_code).toBe(404);
  });
});

describe('sendMessage', () => {
  it('records HTML text, entities and an inline URL button', async () => {
    const text = '<b>Toyota Camry 2018</b>\n12 500 000 ₸ &amp; torg';
    const button = { text: 'Contacts', url: 'https://t.me/emulated_bot?start=contact_42' };
    const first = await tg.api.sendMessage('@cars_listings', text, {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[button]] },
      link_preview_options: { is_disabled: true },
    });
    const second = await tg.api.sendMessage(CHANNEL.id, 'next');

    expect(first.message_id).toBe(1);
    expect(second.message_id).toBe(2);
    expect(first.chat.id).toBe(CHANNEL.id);
    expect(first.text).toBe('Toyota Camry 2018\n12 500 000 ₸ & torg');
    expect(first.entities).toEqual([{ type: 'bold', offset: 0, length: 17 }]);
    expect(first.reply_markup?.inline_keyboard[0][0]).toEqual(button);

    const [recorded] = tg.emulator.sentMessages(CHANNEL.id);
    expect(recorded).toMatchObject({
      chatId: CHANNEL.id,
      messageId: 1,
      method: 'sendMessage',
      text,
      parseMode: 'HTML',
      plainText: 'Toyota Camry 2018\n12 500 000 ₸ & torg',
      linkPreviewDisabled: true,
      replyMarkup: { inline_keyboard: [[button]] },
    });
    expect(Math.abs(recorded.date - Date.now() / 1000)).toBeLessThan(5);
    expect(tg.emulator.sentMessages('@CARS_LISTINGS')).toHaveLength(2);
  });

  it('accepts application/x-www-form-urlencoded bodies and GET query parameters', async () => {
    const form = await fetch(`${tg.emulator.url}/bot${EMULATOR_BOT_TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: String(BUYER.id),
        text: 'form <i>body</i>',
        parse_mode: 'HTML',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Pay', callback_data: 'pay:month' }]] }),
      }),
    });
    expect(form.status).toBe(200);
    const query = await fetch(`${tg.emulator.url}/bot${EMULATOR_BOT_TOKEN}/getWebhookInfo?x=1`);
    expect(((await query.json()) as { result: { url: string } }).result.url).toBe('');
    const [sent] = tg.emulator.sentMessages(BUYER.id);
    expect(sent.plainText).toBe('form body');
    expect(sent.entities).toEqual([{ type: 'italic', offset: 5, length: 4 }]);
    expect(sent.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Pay', callback_data: 'pay:month' }]] });
  });

  it('answers an unknown chat with 400 "chat not found"', async () => {
    const err = await grammyError(() => tg.api.sendMessage(-1000000000999, 'hello'));
    expect(err.error_code).toBe(400);
    expect(err.description).toBe('Bad Request: chat not found');
    const byName = await grammyError(() => tg.api.sendMessage('@no_such_channel', 'hello'));
    expect(byName.description).toBe('Bad Request: chat not found');
    // Users can't be addressed by @username, only by id.
    const user = await grammyError(() => tg.api.sendMessage(`@${BUYER.username}`, 'hello'));
    expect(user.description).toBe('Bad Request: chat not found');
    expect(tg.emulator.sentMessages()).toHaveLength(0);
  });

  it("rejects HTML Telegram can't parse, with its wording and byte offsets", async () => {
    const unclosed = await grammyError(() => tg.api.sendMessage(CHANNEL.id, '<b>Camry', { parse_mode: 'HTML' }));
    expect(unclosed.description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    const br = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'Цена<br>10', { parse_mode: 'HTML' }));
    // "Цена" is 8 bytes in UTF-8.
    expect(br.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 8');
    const crossed = await grammyError(() => tg.api.sendMessage(CHANNEL.id, '<b><i>x</b></i>', { parse_mode: 'HTML' }));
    expect(crossed.description).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
    const lt = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'price < 10', { parse_mode: 'HTML' }));
    expect(lt.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 6');
    expect(tg.emulator.sentMessages()).toHaveLength(0);
  });

  it('checks the text length after entity parsing', async () => {
    const tooLong = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'x'.repeat(4097)));
    expect(tooLong.description).toBe('Bad Request: message is too long');
    // 4096 visible characters written with escapes: over the limit as markup, fine once parsed.
    const escaped = '&amp;'.repeat(4096);
    const ok = await tg.api.sendMessage(CHANNEL.id, escaped, { parse_mode: 'HTML' });
    expect(ok.text).toHaveLength(4096);
    const empty = await grammyError(() => tg.api.sendMessage(CHANNEL.id, '<b> </b>\n', { parse_mode: 'HTML' }));
    expect(empty.description).toBe('Bad Request: message text is empty');
  });

  it('refuses channels where the bot is not an administrator and users who blocked it', async () => {
    tg.emulator.addChat({ type: 'channel', username: 'left_channel', botStatus: 'left' });
    tg.emulator.addChat({ type: 'channel', username: 'member_channel', botStatus: 'member' });
    tg.emulator.addUser({ id: 777, first_name: 'Blocker', blocked: true });
    const left = await grammyError(() => tg.api.sendMessage('@left_channel', 'hi'));
    expect([left.error_code, left.description]).toEqual([403, 'Forbidden: bot is not a member of the channel chat']);
    const member = await grammyError(() => tg.api.sendMessage('@member_channel', 'hi'));
    expect([member.error_code, member.description]).toEqual([400, 'Bad Request: need administrator rights in the channel chat']);
    const blocked = await grammyError(() => tg.api.sendMessage(777, 'your contacts'));
    expect([blocked.error_code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    tg.emulator.setBlocked(777, false);
    await expect(tg.api.sendMessage(777, 'your contacts')).resolves.toMatchObject({ chat: { id: 777, type: 'private' } });
  });

  it('validates inline keyboards', async () => {
    const badUrl = await grammyError(() =>
      tg.api.sendMessage(CHANNEL.id, 'x', { reply_markup: { inline_keyboard: [[{ text: 'Go', url: 'not a url' }]] } }),
    );
    expect(badUrl.description).toBe("Bad Request: inline keyboard button URL 'not a url' is invalid: Wrong HTTP URL");
    const longData = await grammyError(() =>
      tg.api.sendMessage(CHANNEL.id, 'x', { reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'd'.repeat(65) }]] } }),
    );
    expect(longData.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });
});

describe('photos and albums', () => {
  function sourcePhotos(count: number): string[] {
    const { updates } = tg.emulator.injectUpdate({ kind: 'channel_post', chat: '@cars_kz', photos: count, caption: 'source' });
    return updates.map((u) => u.channel_post!.photo!.at(-1)!.file_id);
  }

  it('sends a media group of 3 photos as 3 messages sharing a media_group_id', async () => {
    const photos = sourcePhotos(3);
    const messages: Message[] = await tg.api.sendMediaGroup(CHANNEL.id, [
      { type: 'photo', media: photos[0], caption: '<b>Camry</b> 2018', parse_mode: 'HTML' },
      { type: 'photo', media: photos[1] },
      { type: 'photo', media: 'https://example.com/camry-3.jpg' },
    ]);
    expect(messages.map((m) => m.message_id)).toEqual([1, 2, 3]);
    const groupId = messages[0].media_group_id;
    expect(groupId).toEqual(expect.any(String));
    expect(messages.every((m) => m.media_group_id === groupId)).toBe(true);
    expect(messages[0].caption).toBe('Camry 2018');
    expect(messages[0].photo?.at(-1)?.file_id).toBe(photos[0]);

    const recorded = tg.emulator.sentMessages(CHANNEL.id);
    expect(recorded.map((r) => r.photos)).toEqual([[photos[0]], [photos[1]], ['https://example.com/camry-3.jpg']]);
    expect(recorded.map((r) => r.mediaGroupId)).toEqual([groupId, groupId, groupId]);
    expect(recorded[0]).toMatchObject({ method: 'sendMediaGroup', caption: '<b>Camry</b> 2018', plainText: 'Camry 2018' });
  });

  it('rejects an album of 11 photos, and of 1', async () => {
    const photos = sourcePhotos(10);
    const eleven = [...photos, photos[0]].map((media) => ({ type: 'photo' as const, media }));
    const tooMany = await grammyError(() => tg.api.sendMediaGroup(CHANNEL.id, eleven));
    expect([tooMany.error_code, tooMany.description]).toEqual([400, 'Bad Request: too many messages to send as an album']);
    const one = await grammyError(() => tg.api.sendMediaGroup(CHANNEL.id, [{ type: 'photo', media: photos[0] }]));
    expect(one.error_code).toBe(400);
    expect(tg.emulator.sentMessages(CHANNEL.id)).toHaveLength(0);
  });

  it('rejects file ids it never issued and over-long captions', async () => {
    const unknown = await grammyError(() => tg.api.sendPhoto(CHANNEL.id, 'AgACAgIAAxkBAAIBZ2made-up'));
    expect(unknown.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const [photo] = sourcePhotos(1);
    const caption = await grammyError(() => tg.api.sendPhoto(CHANNEL.id, photo, { caption: 'c'.repeat(1025) }));
    expect(caption.description).toBe('Bad Request: message caption is too long');
    const inAlbum = await grammyError(() =>
      tg.api.sendMediaGroup(CHANNEL.id, [
        { type: 'photo', media: photo },
        { type: 'photo', media: 'made-up' },
      ]),
    );
    expect(inAlbum.description).toBe(
      'Bad Request: failed to send message #2 with the error message "Wrong file identifier/HTTP URL specified"',
    );
  });

  it('accepts an uploaded photo (multipart) and issues a file id for it', async () => {
    const sent = await tg.api.sendPhoto(CHANNEL.id, new InputFile(Buffer.from('jpeg bytes'), 'camry.jpg'), {
      caption: 'Uploaded <i>photo</i>',
      parse_mode: 'HTML',
    });
    const fileId = sent.photo.at(-1)!.file_id;
    const [recorded] = tg.emulator.sentMessages(CHANNEL.id);
    expect(recorded).toMatchObject({ method: 'sendPhoto', photos: [fileId], plainText: 'Uploaded photo', parseMode: 'HTML' });
    // The issued id can be sent again, as with Telegram.
    await expect(tg.api.sendPhoto(CHANNEL.id, fileId)).resolves.toMatchObject({ message_id: 2 });
  });
});

describe('flood limits', () => {
  it('answers 429 with an honest retry_after when a channel exceeds its per-minute limit', async () => {
    tg.emulator.setLimits({ groupPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) await tg.api.sendMessage(CHANNEL.id, `post ${i}`);
    const err = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'post 4'));
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBeGreaterThan(55);
    expect(err.parameters.retry_after).toBeLessThanOrEqual(60);
    expect(err.description).toBe(`Too Many Requests: retry after ${err.parameters.retry_after}`);
    // Other chats are not affected; the refused send was not recorded.
    await tg.api.sendMessage(BUYER.id, 'still fine');
    expect(tg.emulator.sentMessages(CHANNEL.id)).toHaveLength(3);
  });

  it('counts an album as one send', async () => {
    tg.emulator.setLimits({ groupPerMinute: 2 });
    await tg.api.sendMediaGroup(CHANNEL.id, [
      { type: 'photo', media: 'https://example.com/1.jpg' },
      { type: 'photo', media: 'https://example.com/2.jpg' },
      { type: 'photo', media: 'https://example.com/3.jpg' },
    ]);
    await tg.api.sendMessage(CHANNEL.id, 'second send');
    const err = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'third send'));
    expect(err.error_code).toBe(429);
  });

  it('lets a private chat send again once retry_after has passed', async () => {
    await tg.api.sendMessage(BUYER.id, 'first');
    const err = await grammyError(() => tg.api.sendMessage(BUYER.id, 'second'));
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, err.parameters.retry_after! * 1000));
    await expect(tg.api.sendMessage(BUYER.id, 'second')).resolves.toMatchObject({ message_id: 2 });
  });
});

describe('edits', () => {
  it('edits text and keyboard of its own message, and refuses no-op edits', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Contacts', url: 'https://t.me/emulated_bot?start=contact_1' }]] };
    const sent = await tg.api.sendMessage(CHANNEL.id, 'Camry, <b>sold</b>?', { parse_mode: 'HTML', reply_markup: keyboard });
    const edited = await tg.api.editMessageText(CHANNEL.id, sent.message_id, 'Camry — <b>SOLD</b>', { parse_mode: 'HTML', reply_markup: keyboard });
    expect(edited).toMatchObject({ text: 'Camry — SOLD', edit_date: expect.any(Number) });
    const same = await grammyError(() =>
      tg.api.editMessageText(CHANNEL.id, sent.message_id, 'Camry — <b>SOLD</b>', { parse_mode: 'HTML', reply_markup: keyboard }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified/);

    await tg.api.editMessageReplyMarkup(CHANNEL.id, sent.message_id, { reply_markup: { inline_keyboard: [] } });
    const [recorded] = tg.emulator.sentMessages(CHANNEL.id);
    expect(recorded).toMatchObject({ plainText: 'Camry — SOLD', editDate: expect.any(Number) });
    expect(recorded.replyMarkup).toBeUndefined();

    const missing = await grammyError(() => tg.api.editMessageText(CHANNEL.id, 999, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
  });
});
