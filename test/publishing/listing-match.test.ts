/**
 * The probe's comparison: only our listing, posted in our channel under that very id, matches —
 * not another listing with the same text, not a forward of our post, not another admin's post.
 */
import type { Message } from 'grammy/types';
import { buildListing, contactLink } from '../../src/activities/telegram/listing';
import { isListingMessage, listingPlainText } from '../../src/activities/telegram/listing-match';
import type { Post } from '../../src/common/post-model';

const CHANNEL = { id: -1001234567890, type: 'channel', title: 'Listings', username: 'cars_listings' } as const;
const post = (id: number, photos: string[] = []): Post =>
  ({
    id,
    text: 'Продаю Toyota Camry',
    photos,
    description: 'Camry <XLE> & "extras"',
    extracted: { make: 'Toyota', model: 'Camry', year: 2018, price: 12_500_000, currency: 'KZT', mileageKm: 95_000, engine: null, transmission: 'automatic', body: null, location: 'Алматы', contacts: [] },
  }) as unknown as Post;

/** The forwarded copy Telegram returns for a message of ours (text or photo), as the emulator builds it. */
function forwardOf(messageId: number, content: Partial<Message>, origin: Partial<Message['forward_origin']> = {}): Message {
  return {
    message_id: 900,
    date: 0,
    chat: { id: 42, type: 'private', first_name: 'Admin' },
    forward_origin: { type: 'channel', chat: CHANNEL, message_id: messageId, date: 0, ...origin },
    ...content,
  } as Message;
}

describe('telling our listing apart in a forwarded copy', () => {
  const listing = buildListing(post(7), 'cars_bot');
  if (listing.kind !== 'text') throw new Error('expected a text listing');
  const link = contactLink('cars_bot', 7);
  const copy = forwardOf(101, { text: listingPlainText(listing.text), reply_markup: listing.replyMarkup });

  it('matches the listing posted under that id in our channel', () => {
    expect(listingPlainText(listing.text)).toContain('Camry <XLE> & "extras"');
    expect(isListingMessage(copy, listing, link, '@cars_listings', 101)).toBe(true);
    expect(isListingMessage(copy, listing, link, String(CHANNEL.id), 101)).toBe(true);
  });

  it('does not match another listing with the same text, another id, another chat, or a forward of our post', () => {
    const other = buildListing(post(8), 'cars_bot');
    if (other.kind !== 'text') throw new Error('expected a text listing');
    const otherCopy = forwardOf(101, { text: listingPlainText(other.text), reply_markup: other.replyMarkup });
    expect(isListingMessage(otherCopy, listing, link, '@cars_listings', 101)).toBe(false);
    expect(isListingMessage(copy, listing, link, '@cars_listings', 102)).toBe(false);
    expect(isListingMessage(copy, listing, link, '@other_channel', 101)).toBe(false);
    // An admin forwarding our post into the channel: the copy names the original id.
    expect(isListingMessage(forwardOf(55, { text: copy.text, reply_markup: copy.reply_markup }), listing, link, '@cars_listings', 101)).toBe(false);
  });

  it("does not match another admin's post, even one quoting our text", () => {
    expect(isListingMessage(forwardOf(101, { text: copy.text }), listing, link, '@cars_listings', 101)).toBe(false);
    expect(isListingMessage(forwardOf(101, { text: 'Sold, thanks all', reply_markup: listing.replyMarkup }), listing, link, '@cars_listings', 101)).toBe(false);
  });

  it('matches an album by its caption and the contacts link in it', () => {
    const album = buildListing(post(9, ['a', 'b']), 'cars_bot');
    if (album.kind !== 'album') throw new Error('expected an album');
    const caption = listingPlainText(album.caption);
    const entity = { type: 'text_link' as const, offset: 0, length: 3, url: contactLink('cars_bot', 9) };
    const first = forwardOf(120, { photo: [], caption, caption_entities: [entity] });
    expect(isListingMessage(first, album, contactLink('cars_bot', 9), '@cars_listings', 120)).toBe(true);
    expect(isListingMessage(forwardOf(120, { photo: [], caption }), album, contactLink('cars_bot', 9), '@cars_listings', 120)).toBe(false);
    expect(isListingMessage(forwardOf(120, { caption, caption_entities: [entity] }), album, contactLink('cars_bot', 9), '@cars_listings', 120)).toBe(false);
  });
});
