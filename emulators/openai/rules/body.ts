/** The body style, from the first body word in the post (кроссовер/внедорожник/джип → suv). */
import { firstHit, wordRegex } from './text';
import type { BodyType } from './types';

const PATTERNS: ReadonlyArray<{ regex: RegExp; value: BodyType }> = [
  { regex: wordRegex('седан[а-я]*|sedan|saloon'), value: 'sedan' },
  { regex: wordRegex('кроссовер[а-я]*|внедорожник[а-я]*|джип[а-я]*|паркетник[а-я]*|suv|crossover|off-?roader'), value: 'suv' },
  { regex: wordRegex('х[эе]тчб[эе]к[а-я]*|х[эе]тч|hatchback|hatch'), value: 'hatchback' },
  { regex: wordRegex('универсал[а-я]*|wagon|estate car|estate'), value: 'wagon' },
  { regex: wordRegex('купе|coupe|coupé'), value: 'coupe' },
  { regex: wordRegex('минив[эе]н[а-я]*|minivan|mpv|микроавтобус[а-я]*'), value: 'minivan' },
  { regex: wordRegex('пикап[а-я]*|pick-?up'), value: 'pickup' },
  { regex: wordRegex('кабриолет[а-я]*|convertible|cabrio(?:let)?|roadster|родстер[а-я]*'), value: 'convertible' },
  { regex: wordRegex('лифтб[эе]к[а-я]*|liftback'), value: 'liftback' },
  { regex: wordRegex('фургон[а-я]*|cargo van|panel van'), value: 'van' },
];

/** The body style, or null. */
export function findBody(normalized: string): BodyType | null {
  return firstHit(normalized, PATTERNS)?.value ?? null;
}
