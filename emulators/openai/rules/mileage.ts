/**
 * Mileage in kilometres: a number with km ("95 000 км", "95 тыс. км", "95k km"), or with miles
 * (converted), or after a mileage word ("пробег 120 тыс."). A bare small number after
 * "пробег" is left unknown rather than guessed.
 */
import type { Quantity } from './quantities';
import { textBefore } from './text';

const KM_PER_MILE = 1.609344;
const MILEAGE_WORD = /(?:пробег[а-я]*|mileage|odometer|одометр|probeg)\s*[:\-–]?\s*(?:~|около|about)?\s*$/u;

/** Mileage in whole kilometres, or null. */
export function findMileage(quantities: readonly Quantity[], text: string): number | null {
  const withUnit = quantities.find((q) => (q.unit === 'km' || q.unit === 'miles') && q.currency === null);
  if (withUnit) return Math.round(withUnit.unit === 'miles' ? withUnit.value * KM_PER_MILE : withUnit.value);
  const afterWord = quantities.find(
    (q) =>
      q.currency === null &&
      q.unit === null &&
      q.multiplier !== 'million' &&
      MILEAGE_WORD.test(textBefore(text, q.index)) &&
      (q.multiplier === 'thousand' || q.value >= 1000),
  );
  return afterWord ? Math.round(afterWord.value) : null;
}
