/**
 * Checks on what the model said, beyond its schema: implausible numbers become null rather
 * than being published, and descriptions are kept to the length a caption has room for.
 */
import type { ExtractedFields } from '../../common/post-model';
import type { ExtractionAnswer } from './ai-schemas';

/** Longest description we publish: a caption is 1024 characters and the fields need the rest. */
export const MAX_DESCRIPTION_CHARS = 600;

const nonEmpty = (s: string | null): string | null => (s && s.trim() !== '' ? s.trim() : null);
const within = (n: number | null, min: number, max: number): number | null => (n !== null && Number.isFinite(n) && n >= min && n <= max ? n : null);

/** Maps the model's answer to our fields, dropping values that can't be right. */
export function sanitiseExtraction(answer: ExtractionAnswer, now = new Date()): ExtractedFields {
  return {
    make: nonEmpty(answer.make),
    model: nonEmpty(answer.model),
    year: within(answer.year, 1950, now.getUTCFullYear() + 1),
    price: within(answer.price, 1, 1e12),
    currency: answer.currency,
    mileageKm: within(answer.mileage_km, 0, 3_000_000),
    engine: nonEmpty(answer.engine),
    transmission: answer.transmission,
    body: nonEmpty(answer.body),
    location: nonEmpty(answer.location),
    contacts: [...new Set(answer.contacts.map((c) => c.trim()).filter(Boolean))],
  };
}

/** Collapses whitespace and cuts at the last sentence end that fits. */
export function trimDescription(text: string, max = MAX_DESCRIPTION_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return end > max / 2 ? cut.slice(0, end + 1) : `${cut.slice(0, max - 1).trimEnd()}…`;
}
