/**
 * Whether a message forwarded out of our channel is exactly a given listing: posted in our
 * channel under that very id (not a forward of something else), of the listing's kind, with the
 * listing's text or caption as readers see it, and carrying the listing's own contacts link —
 * the deep link names the post, so no other listing, and no other admin's post, can match.
 * Forwards keep an inline keyboard's URL buttons, so the button's link is there to compare.
 */
import type { Message } from 'grammy/types';
import { normaliseChatRef } from '../../db';
import type { Listing } from './listing';

/** Our listing HTML as Telegram shows it: tags gone, the escaped characters back, trimmed. */
export function listingPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

const sameText = (a: string | undefined, b: string) => (a ?? '').replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

function buttonUrls(message: Message): string[] {
  return (message.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ('url' in b && typeof b.url === 'string' ? [b.url] : []));
}

function linkUrls(message: Message): string[] {
  return (message.caption_entities ?? message.entities ?? []).flatMap((e) => (e.type === 'text_link' ? [e.url] : []));
}

function isFromChannel(message: Message, chat: string, messageId: number): boolean {
  const origin = message.forward_origin;
  if (origin?.type !== 'channel' || origin.message_id !== messageId) return false;
  const ids = [String(origin.chat.id), ...(origin.chat.username ? [normaliseChatRef(origin.chat.username)] : [])];
  return ids.includes(normaliseChatRef(chat));
}

/**
 * True when `forwarded` (the copy of message `messageId` of `chat`) is `listing`, whose contacts
 * deep link is `contactLink`.
 */
export function isListingMessage(forwarded: Message, listing: Listing, contactLink: string, chat: string, messageId: number): boolean {
  if (!isFromChannel(forwarded, chat, messageId)) return false;
  switch (listing.kind) {
    case 'text':
      return forwarded.photo === undefined && sameText(forwarded.text, listingPlainText(listing.text)) && buttonUrls(forwarded).includes(contactLink);
    case 'photo':
      return forwarded.photo !== undefined && sameText(forwarded.caption, listingPlainText(listing.caption)) && buttonUrls(forwarded).includes(contactLink);
    case 'album':
      return forwarded.photo !== undefined && sameText(forwarded.caption, listingPlainText(listing.caption)) && linkUrls(forwarded).includes(contactLink);
  }
}
