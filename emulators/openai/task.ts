/**
 * Which pipeline step a request is, told from the property names of its response schema:
 * `is_car_ad` → classify; car fields (`make`, `model`, `year`, `price`, `mileage_km`, …) →
 * extract; `description`, or no schema at all (plain text) → describe. The task only labels the
 * request in the log and picks the plain-text answer; schema properties are always filled by
 * name, whatever the task.
 */
import type { JsonSchema, RequestedFormat } from './chat-request';

/** A pipeline step as the emulator sees it. */
export type EmulatedTask = 'classify' | 'extract' | 'describe' | 'unknown';

/** Property names that mark an extraction schema. */
export const EXTRACTION_PROPERTIES = ['make', 'model', 'year', 'price', 'currency', 'mileage_km', 'engine', 'transmission', 'body', 'location', 'contacts'] as const;

/** The task a requested format stands for. */
export function detectTask(format: RequestedFormat): EmulatedTask {
  if (format.type === 'text') return 'describe';
  if (format.type === 'json_object') return 'unknown';
  const names = topLevelProperties(format.schema);
  if (names.includes('is_car_ad')) return 'classify';
  if (names.filter((n) => (EXTRACTION_PROPERTIES as readonly string[]).includes(n)).length >= 2) return 'extract';
  if (names.includes('description')) return 'describe';
  return 'unknown';
}

function topLevelProperties(schema: JsonSchema): string[] {
  let node: unknown = schema;
  const ref = typeof schema.$ref === 'string' ? schema.$ref : null;
  if (ref?.startsWith('#/')) {
    node = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as JsonSchema)[key] : undefined), schema);
  }
  const properties = typeof node === 'object' && node !== null ? (node as JsonSchema).properties : undefined;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}
