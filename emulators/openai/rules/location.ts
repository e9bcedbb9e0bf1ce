/** Finds the city a car is sold in: the first city of the built-in list the post names. */
import { CITIES, type CityEntry } from './cities';
import { firstHit, wordRegex } from './text';
import type { PostLanguage } from './types';

/** The city list compiled to patterns; built once per rules engine. */
export function compileCities(cities: readonly CityEntry[] = CITIES): ReadonlyArray<{ regex: RegExp; value: CityEntry }> {
  return cities.flatMap((city) => city.aliases.map((alias) => ({ regex: wordRegex(alias), value: city })));
}

/** The city named first in the post, in the post's language; null when none is named. */
export function findLocation(
  normalized: string,
  language: PostLanguage,
  patterns: ReadonlyArray<{ regex: RegExp; value: CityEntry }>,
): string | null {
  const found = firstHit(normalized, patterns);
  return found ? found.value[language] : null;
}
