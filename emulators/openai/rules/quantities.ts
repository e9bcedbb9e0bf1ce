/**
 * Reads every number in a post together with what is written around it: a currency sign before
 * or after, a multiplier ("млн", "тыс.", "k"), a unit (km, miles, litres, cc, "г.в."). The field
 * parsers (price, mileage, year, engine) then pick the quantities that are theirs, so one number
 * is never claimed by two fields.
 */
import type { Currency } from './types';

/** A unit written after a number. */
export type QuantityUnit = 'km' | 'miles' | 'litres' | 'cc' | 'year';

/** One number with its surroundings. */
export interface Quantity {
  /** The number as written, multiplier applied (12.5 млн → 12 500 000). */
  readonly value: number;
  /** The digits as written ("12,5", "95 000"). */
  readonly digits: string;
  /** Fraction digits written (1 for "2.5"), 0 for whole numbers and thousands groups. */
  readonly decimals: number;
  readonly multiplier: 'million' | 'thousand' | null;
  readonly currency: Currency | null;
  readonly unit: QuantityUnit | null;
  readonly index: number;
  readonly end: number;
}

const NUMBER = String.raw`\d{1,3}(?:[ .,']\d{3})+(?!\d)|\d+(?:[.,]\d+)?`;
const PREFIX = String.raw`[$€₸₽]|usd|eur|kzt|rub`;
const MULTIPLIER = String.raw`млн\.?|миллион[а-я]*|million|mln|mio|m(?![\p{L}])|тыс\.?|тысяч[а-я]*|тыщ[а-я]*|т\.р\.?|т\.(?=\s?км)|k(?![\p{L}])|к(?![\p{L}])|thousand`;
const UNIT = [
  String.raw`₸|тг\.?|тенге|тнг|kzt|руб[а-я]*\.?|р\.|р(?![\p{L}])|₽|rub|\$|usd|долл[а-я]*\.?|у\.\s?е\.?|уе(?![\p{L}])|€|eur|евро|euro`,
  String.raw`км|km|kms|miles?|mi(?![\p{L}])|мил[ья][а-я]*`,
  String.raw`л(?!\.?\s?с(?![\p{L}]))\.?(?![\p{L}])|l(?![\p{L}])|литр[а-я]*|liters?|litres?`,
  String.raw`куб[а-я]*\.?(?:\s?см)?|cc|см3|см³`,
  String.raw`г\.?\s?в\.?|г\/в|г\.|г(?![\p{L}])|года?(?![\p{L}])|y\.?o\.?|year`,
].join('|');

const QUANTITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}]|\d[.,])(?:(?<pre>${PREFIX})\s?)?(?<num>${NUMBER})(?:\s?(?<mult>${MULTIPLIER}))?(?:\s?(?<unit>${UNIT}))?`,
  'gu',
);

/** Every number in the (normalised, phone-free) text, in order. */
export function scanQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const groups = match.groups ?? {};
    const digits = groups.num ?? '';
    const index = match.index ?? 0;
    const end = index + match[0].length;
    const multWord = groups.mult ?? null;
    const unitWord = groups.unit ?? null;
    // Digits glued to a word are a code ("320d", "5door"), except engines written "1.5T", "2.0TSI".
    const glued = !multWord && !unitWord && /\p{L}/u.test(text[end] ?? '');
    if (glued && !(/^\d[.,]\d$/.test(digits) && /^(?:t|т|tsi|tfsi|tdi|tgdi|turbo|турбо|d|i)(?![\p{L}])/u.test(text.slice(end)))) continue;
    const multiplier = multiplierOf(multWord);
    const parsed = parseDigits(digits, multiplier !== null);
    const factor = multiplier === 'million' ? 1_000_000 : multiplier === 'thousand' ? 1000 : 1;
    const currency = currencyOf(groups.pre ?? null) ?? currencyOf(unitWord) ?? (multWord?.startsWith('т.р') ? 'RUB' : null);
    out.push({
      value: roundTo(parsed.value * factor, multiplier ? 0 : 2),
      digits,
      decimals: parsed.decimals,
      multiplier,
      currency,
      unit: currency ? null : unitOf(unitWord),
      index,
      end,
    });
  }
  return out;
}

function multiplierOf(word: string | null): Quantity['multiplier'] {
  if (!word) return null;
  return /^(?:млн|миллион|million|mln|mio|m)/.test(word) ? 'million' : 'thousand';
}

/** "12 500 000" → 12500000; "12,5" → 12.5; "12.500" → 12500, or 12.5 before a multiplier. */
export function parseDigits(digits: string, hasMultiplier: boolean): { value: number; decimals: number } {
  const grouped = /^\d{1,3}(?:[ .,']\d{3})+$/.test(digits);
  if (grouped) {
    const separators = new Set(digits.replace(/\d/g, ''));
    const single = digits.replace(/\d/g, '').length === 1;
    if (hasMultiplier && single && !separators.has(' ') && !separators.has("'")) {
      const value = Number(digits.replace(',', '.'));
      return { value, decimals: 3 };
    }
    return { value: Number(digits.replace(/[ .,']/g, '')), decimals: 0 };
  }
  const [whole, fraction] = digits.split(/[.,]/);
  return { value: Number(`${whole}.${fraction ?? '0'}`), decimals: fraction ? fraction.length : 0 };
}

/** Currency named by a sign or word, or null. */
export function currencyOf(word: string | null): Currency | null {
  if (!word) return null;
  if (/^(?:₸|тг|тенге|тнг|kzt)/.test(word)) return 'KZT';
  if (/^(?:руб|р\.?$|₽|rub)/.test(word)) return 'RUB';
  if (/^(?:\$|usd|долл|у\.\s?е|уе)/.test(word)) return 'USD';
  if (/^(?:€|eur|евро|euro)/.test(word)) return 'EUR';
  return null;
}

function unitOf(word: string | null): QuantityUnit | null {
  if (!word) return null;
  if (/^(?:км|km|kms)$/.test(word)) return 'km';
  if (/^(?:mi|мил)/.test(word)) return 'miles';
  if (/^(?:л|l|литр|liter|litre)/.test(word)) return 'litres';
  if (/^(?:куб|cc|см)/.test(word)) return 'cc';
  return 'year';
}

function roundTo(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
