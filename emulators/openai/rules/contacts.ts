/**
 * Seller contacts: phone numbers in the formats people type (+7 / 8, spaces, dashes, brackets),
 * normalised to "+77011234567", and Telegram @usernames. A username on a line that advertises a
 * channel ("Подписывайтесь на @cars_kz") is the channel's signature, not the seller's, and is
 * skipped.
 */
import type { Hit } from './text';

const KZ_RU_PHONE = /(?<![\p{N}+])(?:\+\s?7|8|7)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\p{N})/gu;
const INTERNATIONAL_PHONE = /(?<![\p{N}+])\+\s?[1-69]\d{0,2}[\d\s\-()]{7,16}\d(?!\p{N})/gu;
const USERNAME = /(?<![\p{L}\p{N}_.@/])@([a-z][a-z0-9_]{3,31})(?![a-z0-9_@.]*[a-z0-9_@])|t\.me\/([a-z][a-z0-9_]{3,31})(?![a-z0-9_])/giu;
const SIGNATURE_LINE = /канал|подпис|subscribe|channel|источник|source|join|наш[аеи]? (?:групп|чат)|our (?:group|chat)/iu;

/** Contacts found in a post, and where its phones were (other parsers must not read their digits). */
export interface ContactsFound {
  readonly phones: string[];
  readonly usernames: string[];
  readonly phoneSpans: Hit[];
}

/** Finds phones and usernames; each appears once, in order of appearance. */
export function findContacts(text: string): ContactsFound {
  const phoneSpans: Hit[] = [];
  const phones: string[] = [];
  for (const regex of [KZ_RU_PHONE, INTERNATIONAL_PHONE]) {
    for (const match of text.matchAll(regex)) {
      const index = match.index ?? 0;
      const end = index + match[0].length;
      if (phoneSpans.some((s) => index < s.end && end > s.index)) continue;
      const phone = normalizePhone(match[0]);
      if (!phone) continue;
      phoneSpans.push({ index, end, text: match[0] });
      if (!phones.includes(phone)) phones.push(phone);
    }
  }
  const usernames: string[] = [];
  for (const match of text.matchAll(USERNAME)) {
    const name = match[1] ?? match[2];
    if (!name) continue;
    const index = match.index ?? 0;
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const lineEnd = text.indexOf('\n', index);
    if (SIGNATURE_LINE.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd))) continue;
    const handle = `@${name}`;
    if (!usernames.some((u) => u.toLowerCase() === handle.toLowerCase())) usernames.push(handle);
  }
  return { phones, usernames, phoneSpans: phoneSpans.sort((a, b) => a.index - b.index) };
}

/** "+7 (701) 123-45-67" and "8 701 123 45 67" → "+77011234567"; null when it is not a phone. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/\D/g, '');
  if (!raw.trim().startsWith('+') && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length < 10 || digits.length > 15) return null;
  return `+${digits}`;
}

/** The text with the given spans blanked out (same length), so their digits read as nothing. */
export function blankSpans(text: string, spans: readonly Hit[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.index) + ' '.repeat(s.end - s.index) + out.slice(s.end);
  return out;
}
