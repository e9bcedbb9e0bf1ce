/**
 * The model year: a four-digit number from 1960 to next year that is not a price, mileage or
 * volume. One marked as a year ("2018 г.", "2018г.в.", "год выпуска 2018") wins over a bare one.
 */
import type { Quantity } from './quantities';
import { textBefore } from './text';

const YEAR_WORD = /(?:год[а-я]*(?: выпуска)?|г\.?в\.?|year|model year|выпуск[а-я]*)\s*[:\-–]?\s*$/u;

/** The year, or null. `currentYear` bounds it (a car can be next year's model, not later). */
export function findYear(quantities: readonly Quantity[], text: string, currentYear: number): number | null {
  const candidates = quantities.filter(
    (q) =>
      /^\d{4}$/.test(q.digits) &&
      q.multiplier === null &&
      q.currency === null &&
      (q.unit === null || q.unit === 'year') &&
      q.value >= 1960 &&
      q.value <= currentYear + 1,
  );
  const marked = candidates.find((q) => q.unit === 'year' || YEAR_WORD.test(textBefore(text, q.index)));
  return (marked ?? candidates[0])?.value ?? null;
}
