/**
 * The real grammY client against the Telegram emulator on what publishing's outcome check uses
 * and what real channels allow: forwarding, deleting, other admins' posts and the bot's rights
 * over them, flood waits that hold a whole chat, and the per-chat request log.
 */
import { grammyError, useEmulatedTelegram } from '../harness/telegram-client';

const CHANNEL = { id: -1001234567890, type: 'channel' as const, title: 'Cars KZ listings', username: 'cars_listings' };
const LOCKED = { id: -1001111111111, type: 'channel' as const, title: 'Protected', username: 'cars_protected', hasProtectedContent: true };
const READ_ONLY = { id: -1002222222222, type: 'channel' as const, title: 'Bot may only post', username: 'cars_post_only', botRights: { can_edit_messages: false, can_delete_messages: false } };
const NOT_ADMIN = { id: -1003333333333, type: 'channel' as const, title: 'Bot is no admin', username: 'cars_not_admin', botStatus: 'member' as const };
const ADMIN = { id: 4242, first_name: 'Aigerim', username: 'aigerim_admin' };
const contactsButton = { inline_keyboard: [[{ text: '📞 Contacts', url: 'https://t.me/emulated_bot?start=contact_7' }], [{ text: 'Buy', callback_data: 'buy:7' }]] };

const tg = useEmulatedTelegram({ chats: [CHANNEL, LOCKED, READ_ONLY, NOT_ADMIN], users: [ADMIN] });

/** Another channel admin posts (not the bot): an injected channel post. */
function adminPost(chat: number, text: string): number {
  const { updates } = tg.emulator.injectUpdate({ kind: 'channel_post', chat, text, author_signature: 'Dana' });
  return updates[0].channel_post!.message_id;
}

describe('forwardMessage', () => {
  it('forwards a channel post with its content and origin, keeping only URL buttons', async () => {
    const sent = await tg.api.sendMessage(CHANNEL.id, 'Toyota <b>Camry</b>', { parse_mode: 'HTML', reply_markup: contactsButton });
    const copy = await tg.api.forwardMessage(ADMIN.id, CHANNEL.id, sent.message_id, { disable_notification: true });
    expect(copy).toMatchObject({
      chat: { id: ADMIN.id, type: 'private' },
      text: 'Toyota Camry',
      entities: [{ type: 'bold', offset: 7, length: 5 }],
      forward_origin: { type: 'channel', chat: { id: CHANNEL.id }, message_id: sent.message_id, date: sent.date },
      reply_markup: { inline_keyboard: [[{ text: '📞 Contacts', url: 'https://t.me/emulated_bot?start=contact_7' }]] },
    });
    expect(tg.emulator.sentMessages(ADMIN.id).map((m) => m.method)).toEqual(['forwardMessage']);
  });

  it("forwards another admin's post and a forward keeps the first origin", async () => {
    const id = adminPost(CHANNEL.id, 'Selling my own car');
    const copy = await tg.api.forwardMessage(ADMIN.id, CHANNEL.id, id);
    expect(copy).toMatchObject({ text: 'Selling my own car', forward_origin: { type: 'channel', message_id: id, author_signature: 'Dana' } });
    expect(copy.reply_markup).toBeUndefined();
    const again = await tg.api.forwardMessage(CHANNEL.id, ADMIN.id, copy.message_id);
    expect(again.forward_origin).toEqual(copy.forward_origin);
  });

  it('answers as Telegram does for missing messages, unknown chats, protected content and a blocked user', async () => {
    expect((await grammyError(() => tg.api.forwardMessage(ADMIN.id, CHANNEL.id, 999))).description).toBe('Bad Request: message to forward not found');
    expect((await grammyError(() => tg.api.forwardMessage(ADMIN.id, -1009999999999, 1))).description).toBe('Bad Request: chat not found');
    // A channel where the bot is no administrator is invisible to it.
    expect((await grammyError(() => tg.api.forwardMessage(ADMIN.id, NOT_ADMIN.id, 1))).description).toBe('Bad Request: chat not found');
    const locked = await tg.api.sendMessage(LOCKED.id, 'do not copy');
    expect((await grammyError(() => tg.api.forwardMessage(ADMIN.id, LOCKED.id, locked.message_id))).description).toBe("Bad Request: message has protected content and can't be forwarded");
    const sent = await tg.api.sendMessage(CHANNEL.id, 'listing');
    tg.emulator.setBlocked(ADMIN.id, true);
    const blocked = await grammyError(() => tg.api.forwardMessage(ADMIN.id, CHANNEL.id, sent.message_id));
    expect([blocked.error_code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
  });

  it('counts as a send into the target chat', async () => {
    const sent = await tg.api.sendMessage(CHANNEL.id, 'listing');
    await tg.api.forwardMessage(ADMIN.id, CHANNEL.id, sent.message_id);
    const err = await grammyError(() => tg.api.forwardMessage(ADMIN.id, CHANNEL.id, sent.message_id));
    expect(err.error_code).toBe(429);
  });
});

describe('deleteMessage', () => {
  it("deletes the bot's own messages and, with can_delete_messages, other admins' posts", async () => {
    const own = await tg.api.sendMessage(CHANNEL.id, 'mine');
    const theirs = adminPost(CHANNEL.id, 'theirs');
    await expect(tg.api.deleteMessage(CHANNEL.id, own.message_id)).resolves.toBe(true);
    await expect(tg.api.deleteMessage(CHANNEL.id, theirs)).resolves.toBe(true);
    expect(tg.emulator.chatHistory(CHANNEL.id)).toEqual([]);
    expect(tg.emulator.sentMessages(CHANNEL.id)).toEqual([]);
    expect((await grammyError(() => tg.api.deleteMessage(CHANNEL.id, own.message_id))).description).toBe('Bad Request: message to delete not found');
  });

  it("refuses other admins' posts without can_delete_messages, and keeps them", async () => {
    const own = await tg.api.sendMessage(READ_ONLY.id, 'mine');
    const theirs = adminPost(READ_ONLY.id, 'theirs');
    expect((await grammyError(() => tg.api.deleteMessage(READ_ONLY.id, theirs))).description).toBe("Bad Request: message can't be deleted");
    await expect(tg.api.deleteMessage(READ_ONLY.id, own.message_id)).resolves.toBe(true);
    expect(tg.emulator.chatHistory(READ_ONLY.id).map((m) => m.message_id)).toEqual([theirs]);
  });

  it('deletes a copy the bot forwarded into a private chat', async () => {
    const sent = await tg.api.sendMessage(CHANNEL.id, 'listing');
    const copy = await tg.api.forwardMessage(ADMIN.id, CHANNEL.id, sent.message_id);
    await tg.api.deleteMessage(ADMIN.id, copy.message_id);
    expect(tg.emulator.sentMessages(ADMIN.id)).toEqual([]);
    expect(tg.emulator.chatHistory(CHANNEL.id).map((m) => m.text)).toEqual(['listing']);
  });
});

describe("other admins' posts and the bot's rights", () => {
  it("lets a bot with can_edit_messages put a button on another admin's post, as Telegram does", async () => {
    const theirs = adminPost(CHANNEL.id, 'Selling my own car');
    const edited = await tg.api.editMessageReplyMarkup(CHANNEL.id, theirs, { reply_markup: contactsButton });
    expect(edited).toMatchObject({ text: 'Selling my own car', edit_date: expect.any(Number) });
    expect(tg.emulator.chatHistory(CHANNEL.id)[0].reply_markup).toEqual(contactsButton);
    // Still not the bot's message.
    expect(tg.emulator.sentMessages(CHANNEL.id)).toEqual([]);
  });

  it('without can_edit_messages, only its own posts', async () => {
    const own = await tg.api.sendMessage(READ_ONLY.id, 'mine');
    const theirs = adminPost(READ_ONLY.id, 'theirs');
    await expect(tg.api.editMessageText(READ_ONLY.id, own.message_id, 'mine, edited')).resolves.toMatchObject({ text: 'mine, edited' });
    expect((await grammyError(() => tg.api.editMessageText(READ_ONLY.id, theirs, 'hijacked'))).description).toBe("Bad Request: message can't be edited");
    expect(tg.emulator.chatHistory(READ_ONLY.id)[1]).toMatchObject({ text: 'theirs' });
    expect(tg.emulator.chatHistory(READ_ONLY.id)[1].edit_date).toBeUndefined();
  });

  it('without can_post_messages the bot cannot post into the channel', async () => {
    tg.emulator.addChat({ ...READ_ONLY, botRights: { can_post_messages: false } });
    expect((await grammyError(() => tg.api.sendMessage(READ_ONLY.id, 'x'))).description).toBe('Bad Request: need administrator rights in the channel chat');
  });
});

describe('flood waits and the request log', () => {
  it("a 429 holds the whole chat for retry_after, other chats go on, and the log has every request's times", async () => {
    tg.emulator.faults.configure({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 2, only: ['sendMessage'] });
    const first = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'one'));
    expect(first.parameters.retry_after).toBe(2);
    // Telegram keeps refusing the chat until the wait is over, with the time left.
    const second = await grammyError(() => tg.api.sendMessage(CHANNEL.username ? `@${CHANNEL.username}` : CHANNEL.id, 'two'));
    expect(second.error_code).toBe(429);
    expect(second.parameters.retry_after).toBeLessThanOrEqual(2);
    await expect(tg.api.sendMessage(ADMIN.id, 'another chat is fine')).resolves.toMatchObject({ message_id: 1 });
    const copyErr = await grammyError(() => tg.api.forwardMessage(CHANNEL.id, ADMIN.id, 1));
    expect(copyErr.error_code).toBe(429);

    const log = tg.emulator.requestLog(CHANNEL.id);
    expect(log.map((r) => [r.method, r.status, r.retryAfter])).toEqual([
      ['sendMessage', 429, 2],
      ['sendMessage', 429, second.parameters.retry_after],
      ['forwardMessage', 429, copyErr.parameters.retry_after],
    ]);
    expect(log.every((r) => r.chats[0] === CHANNEL.id && r.answeredAt! >= r.at)).toBe(true);
    expect(tg.emulator.requestLog(ADMIN.id).map((r) => r.method)).toEqual(['sendMessage', 'forwardMessage']);
  });

  it('counts a group window of groupWindowSeconds', async () => {
    tg.emulator.setLimits({ groupPerMinute: 2, groupWindowSeconds: 3 });
    await tg.api.sendMessage(CHANNEL.id, 'a');
    await tg.api.sendMessage(CHANNEL.id, 'b');
    const err = await grammyError(() => tg.api.sendMessage(CHANNEL.id, 'c'));
    expect(err.parameters.retry_after).toBeLessThanOrEqual(3);
    expect(err.parameters.retry_after).toBeGreaterThanOrEqual(2);
  });

  it('applies faults only to the methods named', async () => {
    tg.emulator.faults.configure({ errorRate: 1, errorStatus: 500, only: ['deleteMessage'] });
    const sent = await tg.api.sendMessage(CHANNEL.id, 'fine');
    expect((await grammyError(() => tg.api.deleteMessage(CHANNEL.id, sent.message_id))).error_code).toBe(500);
  });
});
