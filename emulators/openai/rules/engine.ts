/**
 * The engine: displacement in litres ("2.5", "1.6 л", "2.0L", "1600 куб") and fuel (бензин,
 * дизель, газ, гибрид, электро / petrol, diesel, hybrid, electric), written as "2.5 petrol".
 */
import type { Quantity } from './quantities';
import { findAll, textAfter, textBefore, wordRegex } from './text';
import type { Fuel } from './types';

const FUELS: ReadonlyArray<{ regex: RegExp; value: Fuel }> = [
  { regex: wordRegex('бенз[а-я]*|petrol|gasoline|gas(?! station)|аи-?9[25]'), value: 'petrol' },
  { regex: wordRegex('дизел[а-я]*|турбодизел[а-я]*|diesel|tdi|crdi'), value: 'diesel' },
  { regex: wordRegex('газ(?![ -]?\\d{4,5}(?!\\d))|гбо|пропан|метан|lpg|cng'), value: 'gas' },
  { regex: wordRegex('гибрид[а-я]*|hybrid'), value: 'hybrid' },
  { regex: wordRegex('электро|электромобил[а-я]*|электрокар[а-я]*|electric|ev'), value: 'electric' },
];

const ENGINE_WORD = /(?:двигател[а-я]*|двиг\.?|объ[её]м[а-я]*|мотор[а-я]*|engine|v)\s*[:\-–]?\s*$/u;
const FUEL_AFTER = /^\s*[-,/]?\s*(?:л\.?\s*)?(?:бенз|дизел|газ|гибрид|электро|petrol|gasoline|gas|diesel|hybrid|electric|turbo|турбо|tdi|tsi|crdi|at\b|mt\b)/u;

/** Fuels named in the post, in order of appearance, each once. */
export function findFuels(normalized: string): Fuel[] {
  return FUELS.flatMap(({ regex, value }) => findAll(regex, normalized).map((hit) => ({ value, index: hit.index })))
    .sort((a, b) => a.index - b.index)
    .map((f) => f.value)
    .filter((f, i, all) => all.indexOf(f) === i);
}

/** Displacement in litres, one decimal, or null. */
export function findDisplacement(quantities: readonly Quantity[], text: string): number | null {
  for (const q of quantities) {
    if (q.currency !== null || q.multiplier !== null) continue;
    if (q.unit === 'cc' && q.value >= 600 && q.value <= 8000) return Math.round(q.value / 100) / 10;
    if (q.value < 0.6 || q.value > 8) continue;
    if (q.unit === 'litres') return q.value;
    if (q.unit !== null || q.decimals !== 1) continue;
    if (ENGINE_WORD.test(textBefore(text, q.index)) || FUEL_AFTER.test(textAfter(text, q.end))) return q.value;
    // A lone "2.5" after a make and model is how sellers write the engine.
    if (!/(?:цен|price|млн|\$)/u.test(textBefore(text, q.index, 12))) return q.value;
  }
  return null;
}

/** "2.5 petrol", "1.6", "electric", "2.4 gas/petrol"; null when neither part is known. */
export function describeEngine(displacement: number | null, fuels: readonly Fuel[]): string | null {
  const parts = [displacement !== null ? displacement.toFixed(1) : null, fuels.length > 0 ? fuels.join('/') : null].filter(
    (p): p is string => p !== null,
  );
  return parts.length > 0 ? parts.join(' ') : null;
}
