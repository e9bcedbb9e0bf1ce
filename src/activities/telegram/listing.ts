/**
 * How a post looks in our channel. Every value that came from a seller is HTML-escaped; the
 * seller's contacts are never in it — a "📞 Contacts" button (a link in the caption of a photo
 * album, which can't carry buttons) opens the bot with `/start contact_<post id>`. The text
 * fits Telegram's limits by shortening the description, never the fields.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Post } from '../../common/post-model';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const ALBUM_MAX = 10;

export type Listing =
  | { kind: 'text'; text: string; replyMarkup: InlineKeyboardMarkup }
  | { kind: 'photo'; photo: string; caption: string; replyMarkup: InlineKeyboardMarkup }
  | { kind: 'album'; photos: string[]; caption: string };

/** Escapes the three characters Telegram's HTML parse mode reserves. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The deep link that opens the bot asking for this post's contacts. */
export function contactLink(botUsername: string, postId: number): string {
  return `https://t.me/${botUsername.replace(/^@/, '')}?start=contact_${postId}`;
}

const CURRENCY_SIGNS: Record<string, string> = { KZT: '₸', RUB: '₽', USD: '$', EUR: '€' };
const group = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

function formatPrice(price: number, currency: string | null): string {
  const sign = currency ? (CURRENCY_SIGNS[currency] ?? currency) : '';
  return sign === '$' || sign === '€' ? `${sign}${group(price)}` : `${group(price)}${sign ? ` ${sign}` : ''}`;
}

/** The listing's fixed part: title and fields, escaped, one per line. */
function fieldLines(post: Post, russian: boolean): string[] {
  const f = post.extracted;
  const title = [f.make, f.model].filter(Boolean).join(' ') || (russian ? 'Автомобиль' : 'Car');
  const lines = [`🚗 <b>${escapeHtml(title)}${f.year ? `, ${f.year}` : ''}</b>`];
  if (f.price !== null) lines.push(`💰 ${escapeHtml(formatPrice(f.price, f.currency))}`);
  if (f.mileageKm !== null) lines.push(`🛣 ${group(f.mileageKm)} ${russian ? 'км' : 'km'}`);
  const tech = [f.engine, f.transmission, f.body].filter(Boolean).join(', ');
  if (tech) lines.push(`⚙️ ${escapeHtml(tech)}`);
  if (f.location) lines.push(`📍 ${escapeHtml(f.location)}`);
  return lines;
}

/** Cuts the description at a word boundary so the whole message fits `limit`. */
function fitDescription(head: string, description: string, tail: string, limit: number): string {
  const room = limit - head.length - tail.length - 2;
  if (room <= 0 || !description) return `${head}${tail}`;
  let body = description;
  if (body.length > room) {
    const cut = body.slice(0, room - 1);
    body = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), room / 2)).trimEnd()}…`;
  }
  return `${head}\n\n${escapeHtml(body)}${tail}`;
}

/**
 * Builds the listing. Escaping can lengthen the description (`&` → `&amp;`), so the fitting
 * is done on the escaped text's length budget with a margin.
 */
export function buildListing(post: Post, botUsername: string): Listing {
  const russian = /[а-яё]/i.test(post.description ?? post.text);
  const head = fieldLines(post, russian).join('\n');
  const link = contactLink(botUsername, post.id);
  const button: InlineKeyboardMarkup = { inline_keyboard: [[{ text: russian ? '📞 Контакты' : '📞 Contacts', url: link }]] };
  const description = post.description ?? '';
  const photos = post.photos.slice(0, ALBUM_MAX);
  const escapedGrowth = escapeHtml(description).length - description.length;

  if (photos.length >= 2) {
    const tail = `\n\n<a href="${escapeHtml(link)}">${russian ? '📞 Контакты продавца' : '📞 Seller contacts'}</a>`;
    return { kind: 'album', photos, caption: fitDescription(head, description, tail, CAPTION_LIMIT - escapedGrowth) };
  }
  if (photos.length === 1) {
    return { kind: 'photo', photo: photos[0], caption: fitDescription(head, description, '', CAPTION_LIMIT - escapedGrowth), replyMarkup: button };
  }
  return { kind: 'text', text: fitDescription(head, description, '', TEXT_LIMIT - escapedGrowth), replyMarkup: button };
}
