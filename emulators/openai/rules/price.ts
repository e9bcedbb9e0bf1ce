/**
 * The asking price: a number with a currency ("12 500 000 тг", "$15k", "15 тыс. $"), else a
 * number in millions ("12.5 млн") or one after a price word ("Цена: 4 200 000"), whose currency
 * is then unknown (null) rather than guessed.
 */
import type { Quantity } from './quantities';
import { textBefore } from './text';
import type { Currency } from './types';

const PRICE_WORD = /(?:цен[аеуы]|стоимост[ьи]|price|asking|прошу|отдам за|продам за|за)\s*[:\-–]?\s*$/u;
const MILEAGE_WORD = /(?:пробег[а-я]*|mileage|odometer|одометр)\s*[:\-–]?\s*$/u;

/** Price and currency; both null when the post names no price. */
export function findPrice(quantities: readonly Quantity[], text: string): { price: number | null; currency: Currency | null } {
  const strong = quantities.find((q) => q.currency !== null && q.value > 0);
  if (strong) return { price: strong.value, currency: strong.currency };
  const weak = quantities.find((q) => {
    if (q.unit !== null || q.value <= 0) return false;
    const before = textBefore(text, q.index);
    if (MILEAGE_WORD.test(before)) return false;
    if (q.multiplier === 'million') return true;
    if (q.multiplier === null && /^\d{4}$/.test(q.digits) && q.value >= 1960 && q.value <= 2100) return false;
    return PRICE_WORD.test(before) && (q.multiplier === 'thousand' || q.value >= 1000);
  });
  return weak ? { price: weak.value, currency: null } : { price: null, currency: null };
}
