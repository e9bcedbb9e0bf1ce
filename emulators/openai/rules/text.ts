/**
 * Text helpers shared by the field parsers: one normal form for what people type (case, ё,
 * exotic spaces and dashes) and word-boundary patterns that work for Cyrillic as well as Latin,
 * which `\b` does not.
 */

const SPACES = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t]/;
const DASHES = /[\u2010-\u2015\u2212]/;

/**
 * Lower-cases and folds ё→е, exotic spaces and dashes, keeping every character at its index so
 * that positions found in the normal form are valid in the original text too.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    let c = lower.length === ch.length ? lower : ch;
    if (c === 'ё') c = 'е';
    else if (SPACES.test(c)) c = ' ';
    else if (DASHES.test(c)) c = '-';
    out += c;
  }
  return out;
}

/**
 * Compiles a pattern source (lower-case, unicode mode) into a global regex that only matches
 * whole words: no letter or digit may touch it on either side. With `numberGuard`, a following
 * `[ .,]ddd` group is refused too, so that "530" in "530 000 тг" is never read as a model code.
 */
export function wordRegex(source: string, numberGuard = false): RegExp {
  const guard = numberGuard ? '(?![ .,]\\d{3}(?!\\d))' : '';
  return new RegExp(`(?<!${WORD_CHAR})(?:${source})(?!${WORD_CHAR})${guard}`, 'gu');
}

/**
 * A letter or digit of normalised (lower-case) text. Spelled out rather than `[\\p{L}\\p{N}]`:
 * hundreds of patterns use it, and Unicode property classes make each one slow to compile.
 */
const WORD_CHAR = '[0-9a-zа-яёәғқңөұүһіїєґçéèêüöäßñ]';

/** A match of a pattern in a text, by position. */
export interface Hit {
  readonly index: number;
  readonly end: number;
  readonly text: string;
}

/** Every match of a global regex, as plain positions. */
export function findAll(regex: RegExp, text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(regex)) {
    const index = m.index ?? 0;
    hits.push({ index, end: index + m[0].length, text: m[0] });
  }
  return hits;
}

/** The first match of any of several patterns, earliest position first. */
export function firstHit<T>(text: string, patterns: ReadonlyArray<{ regex: RegExp; value: T }>): { value: T; hit: Hit } | null {
  let best: { value: T; hit: Hit } | null = null;
  for (const { regex, value } of patterns) {
    const hit = findAll(regex, text)[0];
    if (hit && (!best || hit.index < best.hit.index)) best = { value, hit };
  }
  return best;
}

const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
};

/**
 * Maps Cyrillic look-alike letters to Latin inside short letter+digit codes ("Х5", "Е200",
 * "СХ-5"), which sellers type on a Cyrillic keyboard; other words are left as they are. Keeps
 * every index.
 */
export function latinizeCodes(text: string): string {
  return text.replace(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu, (token) => {
    if (!/\p{N}/u.test(token) || !/\p{L}/u.test(token)) return token;
    const letters = token.replace(/[^\p{L}]/gu, '');
    if (letters.length > 3) return token;
    return token.replace(/[а-я]/g, (c) => HOMOGLYPHS[c] ?? c);
  });
}

/** The text of the line around a position, for context checks ("пробег", "цена", "канал"). */
export function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const endNl = text.indexOf('\n', index);
  return text.slice(start, endNl === -1 ? text.length : endNl);
}

/** Up to `length` characters before a position on the same line. */
export function textBefore(text: string, index: number, length = 24): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return text.slice(Math.max(lineStart, index - length), index);
}

/** Up to `length` characters after a position on the same line. */
export function textAfter(text: string, end: number, length = 16): string {
  const nl = text.indexOf('\n', end);
  return text.slice(end, Math.min(nl === -1 ? text.length : nl, end + length));
}

/** Groups the digits of a whole number in threes: 12500000 → "12 500 000". */
export function groupDigits(value: number, separator: string): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
