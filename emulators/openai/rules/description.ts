/**
 * Writes the uniform listing text published in our channel, in the post's language:
 * "Toyota Camry 2018, 95 000 км, 2.5 бензин, автомат. Цена: 12 500 000 ₸. Алматы."
 * Only what was found is written; contacts never are (they are hidden behind the bot).
 */
import { groupDigits } from './text';
import type { BodyType, CarFields, Currency, PostLanguage, Transmission } from './types';

/** Longest description written; listings stay short and uniform. */
export const MAX_DESCRIPTION_LENGTH = 600;

const SYMBOL: Readonly<Record<Currency, string>> = { KZT: '₸', RUB: '₽', USD: '$', EUR: '€' };

const WORDS = {
  ru: {
    car: 'Автомобиль',
    km: 'км',
    price: 'Цена',
    none: 'Нет данных об автомобиле.',
    fuel: { petrol: 'бензин', diesel: 'дизель', gas: 'газ', hybrid: 'гибрид', electric: 'электро' } as Record<string, string>,
    transmission: { automatic: 'автомат', manual: 'механика', robot: 'робот', cvt: 'вариатор' } as Record<Transmission, string>,
    body: {
      sedan: 'седан', suv: 'внедорожник', hatchback: 'хэтчбек', wagon: 'универсал', coupe: 'купе', minivan: 'минивэн',
      pickup: 'пикап', convertible: 'кабриолет', liftback: 'лифтбек', van: 'фургон',
    } as Record<BodyType, string>,
    group: ' ',
  },
  en: {
    car: 'Car',
    km: 'km',
    price: 'Price',
    none: 'No car details found.',
    fuel: { petrol: 'petrol', diesel: 'diesel', gas: 'gas', hybrid: 'hybrid', electric: 'electric' } as Record<string, string>,
    transmission: { automatic: 'automatic', manual: 'manual', robot: 'robotised manual', cvt: 'CVT' } as Record<Transmission, string>,
    body: {
      sedan: 'sedan', suv: 'SUV', hatchback: 'hatchback', wagon: 'wagon', coupe: 'coupe', minivan: 'minivan',
      pickup: 'pickup', convertible: 'convertible', liftback: 'liftback', van: 'van',
    } as Record<BodyType, string>,
    group: ',',
  },
} as const;

/** The listing description for the fields of one post. */
export function describeCar(fields: CarFields, language: PostLanguage): string {
  const w = WORDS[language];
  const name = [fields.make, fields.model].filter(Boolean).join(' ');
  const specs = [
    fields.mileage_km !== null ? `${groupDigits(fields.mileage_km, w.group)} ${w.km}` : null,
    fields.engine !== null ? translateEngine(fields.engine, w.fuel) : null,
    fields.transmission !== null ? w.transmission[fields.transmission] : null,
    fields.body !== null ? w.body[fields.body] : null,
  ].filter((s): s is string => s !== null);
  if (!name && fields.year === null && specs.length === 0 && fields.price === null) return w.none;

  const title = [name || w.car, fields.year !== null ? String(fields.year) : null].filter(Boolean).join(' ');
  const sentences = [[title, ...specs].join(', ') + '.'];
  if (fields.price !== null) {
    const amount = groupDigits(fields.price, w.group);
    sentences.push(`${w.price}: ${formatMoney(amount, fields.currency, language)}.`);
  }
  if (fields.location !== null) sentences.push(`${fields.location}.`);
  const text = sentences.join(' ');
  return text.length <= MAX_DESCRIPTION_LENGTH ? text : `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`;
}

/** "12 500 000 ₸" in Russian; English puts $ and € first, as English readers expect: "$15,000". */
function formatMoney(amount: string, currency: Currency | null, language: PostLanguage): string {
  if (!currency) return amount;
  const symbol = SYMBOL[currency];
  return language === 'en' && (currency === 'USD' || currency === 'EUR') ? `${symbol}${amount}` : `${amount} ${symbol}`;
}

function translateEngine(engine: string, fuel: Readonly<Record<string, string>>): string {
  return engine.replace(/[a-z]+/g, (word) => fuel[word] ?? word);
}
