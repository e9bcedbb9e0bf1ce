/**
 * Content fingerprints for spotting the same ad reposted in several channels.
 * Reposts differ in decoration, not in substance: letter case, spacing, emoji, links and
 * channel signatures, hashtags, punctuation, how a phone number or a price is written. The
 * text is reduced to its words and numbers in one canonical spelling, then hashed.
 *
 * Text with nothing left after normalising (no text, only emoji or links) gets the hash of
 * the empty string, `EMPTY_FINGERPRINT`: all such posts share it, so it says nothing about
 * being a copy and callers should not dedupe on it.
 */
import { createHash } from 'node:crypto';

const LINK = /(?:https?:\/\/|www\.|\b(?:t|telegram)\.me\/)\S+/giu;
const MENTION = /@\w+/gu;
const HASHTAG = /#[\p{L}\p{N}_]+/gu;
/** A run of digits with the separators people put in phone numbers, on one line. */
const PHONE_CANDIDATE = /\+?\d[\d \t\u00a0().\-]{7,22}\d/gu;
/** A number written with thousands separators: `12 500 000`, `12.500.000`, `95,000`. */
const GROUPED_NUMBER = /(?<!\d)\d{1,3}(?:[ \u00a0.,]\d{3})+(?!\d)/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The text reduced to lower-case words and numbers separated by single spaces. */
export function normaliseAdText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(LINK, ' ')
    .replace(MENTION, ' ')
    .replace(HASHTAG, ' ')
    .replace(PHONE_CANDIDATE, (match) => canonicalPhone(match) ?? match)
    .replace(GROUPED_NUMBER, (match) => match.replace(/\D/g, ''))
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(NOT_WORD, ' ')
    .trim();
}

/** SHA-256 (hex) of the normalised text: equal for reposts of one ad, different for different ads. */
export function contentFingerprint(text: string): string {
  return createHash('sha256').update(normaliseAdText(text), 'utf8').digest('hex');
}

/** The fingerprint of a post with no words or numbers in it; shared by all such posts. */
export const EMPTY_FINGERPRINT = contentFingerprint('');

/**
 * A phone number as ` tel<digits> `, with the Kazakh/Russian national forms `8 701 …` and
 * `701 …` written as `7701…`. Undefined when the digits don't look like a phone number (a
 * year run into a price, say), which then stay as they were.
 */
function canonicalPhone(candidate: string): string | undefined {
  const digits = candidate.replace(/\D/g, '');
  const plus = candidate.startsWith('+');
  if (digits.length === 10 && /^[79]/.test(digits)) return ` tel7${digits} `;
  if (digits.length === 11 && digits.startsWith('8') && !plus) return ` tel7${digits.slice(1)} `;
  if (digits.length === 11 && digits.startsWith('7')) return ` tel${digits} `;
  if (digits.length === 12 && plus) return ` tel${digits} `;
  return undefined;
}
