/**
 * Decides whether a post is a car-sale ad: a make (or model) plus at least one of price, year,
 * mileage or a sale word, unless the post is about something else — spare parts, a rental or
 * flat, a purchase request, news. Confidence grows with the number of signals found.
 */
import { wordRegex, findAll } from './text';
import type { CarFields, Classification } from './types';

const SALE = wordRegex(
  'прода[мюёеж][а-я]*|продаетс[яь]|прода[её]тся|в продаже|срочно|торг[а-я]*|обмен[а-я]*|for sale|selling|sell|sale|urgent|negotiable|obo',
);
const BUY = wordRegex('куплю|покупаю|ищу|приобрету|want to buy|wtb|looking for|buying');
const RENT = wordRegex('аренд[а-я]*|сда[мюё][а-я]*|сда[её]тся|сниму|посуточно|квартир[а-я]*|комнат[а-я]*|for rent|rent(?:al|ing)?|apartment|flat');
const PARTS = wordRegex('запчаст[а-я]*|авторазбор[а-я]*|разбор[а-я]*|на разбор|spare parts|for parts|parts');
const PARTS_WEAK = wordRegex('шин[аыу]?|резин[аыу]|диск[а-я]*|wheels?|tires?|tyres?|аккумулятор[а-я]*|бампер[а-я]*|фар[аыу]|коврик[а-я]*|магнитол[а-я]*');
const NEWS = wordRegex('новост[а-я]*|сообщ(?:ает|или|ил)|по данным|news|breaking|recall[a-z]*|отзыва[её]т|отзыв[а-я]* автомобил[а-я]*|дтп|авари[яюи]|accident|crash');

/** Classifies a post from its text and the fields the parsers found in it. */
export function classifyPost(normalized: string, fields: CarFields): Classification {
  if (!/[\p{L}\p{N}]/u.test(normalized)) return { is_car_ad: false, confidence: 0.99, reason: 'empty post: no text' };

  const has = (regex: RegExp): boolean => findAll(regex, normalized).length > 0;
  const sale = has(SALE);
  const car = fields.make !== null || fields.model !== null;
  const name = [fields.make, fields.model].filter(Boolean).join(' ');

  // "обмен на квартиру" in a real ad must not turn it into a rental.
  const plainlySale = car && sale && (fields.year !== null || fields.mileage_km !== null);
  if (has(RENT) && !plainlySale) return { is_car_ad: false, confidence: car ? 0.8 : 0.95, reason: 'rental or real-estate post, not a car sale' };
  if (has(BUY) && !sale) return { is_car_ad: false, confidence: 0.8, reason: 'purchase request, not a car sale' };
  if (has(PARTS) || (has(PARTS_WEAK) && fields.year === null && fields.mileage_km === null)) {
    return { is_car_ad: false, confidence: car ? 0.75 : 0.9, reason: 'spare parts or accessories, not a whole car' };
  }
  if (has(NEWS) && !sale) return { is_car_ad: false, confidence: 0.85, reason: 'news, not a sale ad' };
  if (!car) return { is_car_ad: false, confidence: 0.9, reason: 'no car make or model found' };

  const signals: Array<[string, boolean]> = [
    ['price', fields.price !== null],
    ['year', fields.year !== null],
    ['mileage', fields.mileage_km !== null],
    ['sale words', sale],
    ['engine', fields.engine !== null],
    ['transmission', fields.transmission !== null],
    ['body', fields.body !== null],
    ['location', fields.location !== null],
    ['contacts', fields.contacts.length > 0],
  ];
  const found = signals.filter(([, on]) => on).map(([label]) => label);
  const core = ['price', 'year', 'mileage', 'sale words'].filter((s) => found.includes(s));
  if (core.length === 0) {
    return { is_car_ad: false, confidence: 0.6, reason: `${name} mentioned, but no price, year, mileage or sale words` };
  }
  const confidence = Math.min(0.99, 0.5 + 0.055 * (found.length + (fields.make !== null && fields.model !== null ? 1 : 0)));
  return { is_car_ad: true, confidence: Math.round(confidence * 100) / 100, reason: `${name}; ${found.join(', ')}` };
}
