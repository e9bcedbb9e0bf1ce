/**
 * The bench's posts: distinct car-sale ads in the shapes sellers write them (Russian and
 * English, one line or a list with emoji), spread over the sample source channels, and
 * optionally reposts of some of them in another channel (the duplicates the pipeline must not
 * pay for). Deterministic for a run tag, and different between tags, so runs against a shared
 * database never find each other's ads.
 */
import type { PostInput } from '../../src/common/posts';

const CARS: readonly [string, string, string][] = [
  ['Toyota', 'Camry', '2.5 бензин'],
  ['Toyota', 'RAV4', '2.0 бензин'],
  ['Hyundai', 'Tucson', '2.0 бензин'],
  ['Hyundai', 'Elantra', '1.6 бензин'],
  ['Kia', 'Sportage', '2.0 дизель'],
  ['Kia', 'Rio', '1.6 бензин'],
  ['Lada', 'Vesta', '1.6 бензин'],
  ['BMW', 'X5', '3.0 бензин'],
  ['Mercedes-Benz', 'E200', '2.0 бензин'],
  ['Volkswagen', 'Polo', '1.6 бензин'],
  ['Nissan', 'Qashqai', '2.0 бензин'],
  ['Chevrolet', 'Cobalt', '1.5 бензин'],
  ['Skoda', 'Octavia', '1.4 бензин'],
  ['Lexus', 'RX350', '3.5 бензин'],
  ['Mitsubishi', 'Outlander', '2.4 бензин'],
];
const CITIES = ['Алматы', 'Астана', 'Шымкент', 'Караганда', 'Актобе', 'Павлодар', 'Костанай'];
const CHANNELS = ['@cars_kz', '@auto_almaty', '@kolesa_cars'];

/** A number written the way sellers write it: `12 500 000`. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** A small deterministic hash of the tag, so each run's ads differ from another run's. */
function seedOf(tag: string): number {
  let h = 2166136261;
  for (const ch of tag) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** The i-th ad's text: make, model, year, mileage, price, city and a phone unique to (tag, i). */
function adText(i: number, seed: number): string {
  const [make, model, engine] = CARS[i % CARS.length];
  const year = 2008 + ((i * 7 + seed) % 17);
  const km = 20_000 + ((i * 7919 + seed) % 250) * 1_000;
  const price = 3_000_000 + ((i * 104_729 + seed) % 300) * 50_000;
  const city = CITIES[(i + seed) % CITIES.length];
  // The phone makes each ad distinct: eight digits from (seed, i), never repeated within 10^8 ads.
  const digits = String((seed % 90_000_000) + 10_000_000 + i * 7).slice(-8).padStart(8, '0');
  const phone = `+7 70${digits[0]} ${digits.slice(1, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`;
  const gearbox = i % 3 === 0 ? 'механика' : 'автомат';
  switch (i % 3) {
    case 0:
      return `Продаю ${make} ${model} ${year}, ${grouped(km)} км, ${engine}, ${gearbox}. ${grouped(price)} тг, ${city}, ${phone}`;
    case 1:
      return `🚗 ${make} ${model} ${year}\n✅ Пробег: ${grouped(km)} км\n✅ Двигатель: ${engine}\n✅ Коробка: ${gearbox}\n💰 Цена: ${grouped(price)} тг\n📍 ${city}\n📞 ${phone}`;
    default:
      return `Selling my ${year} ${make} ${model}, ${Math.round(km / 1000)}k km, ${engine.replace('бензин', 'petrol').replace('дизель', 'diesel')}, automatic, $${grouped(Math.round(price / 500))}. ${city}. Call ${phone}`;
  }
}

export interface BenchPosts {
  posts: PostInput[];
  /** Which posts are reposts of an earlier one (index → the original's index). */
  repostOf: Map<number, number>;
}

/**
 * `count` distinct car ads, then `duplicates` reposts of the first ones in another channel.
 * Message ids start from a number derived from the tag, so workflow ids don't meet another run's.
 */
export function benchPosts(count: number, duplicates: number, tag: string): BenchPosts {
  const seed = seedOf(tag);
  const firstId = 1_000_000 + (seed % 1_000_000) * 1_000;
  const posts: PostInput[] = [];
  const date = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    posts.push({ source: CHANNELS[i % CHANNELS.length], messageId: firstId + i, date, text: adText(i, seed), ...(i % 4 === 0 ? { photos: [`bench-photo-${seed}-${i}`] } : {}) });
  }
  const repostOf = new Map<number, number>();
  for (let d = 0; d < duplicates; d++) {
    const original = d % Math.max(1, count);
    const source = CHANNELS[(original + 1) % CHANNELS.length];
    repostOf.set(posts.length, original);
    posts.push({ source, messageId: firstId + count + d, date, text: `${posts[original].text}\n\n#repost` });
  }
  return { posts, repostOf };
}
