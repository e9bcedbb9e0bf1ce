/**
 * Seller contacts are personal data: subscribers get them by DM, nobody else sees them. Workflow
 * results and memos may carry them (a post's extracted fields), so whatever the API returns from
 * a workflow passes through here first: every `contacts` list becomes a `contactCount`.
 */

/** A deep copy of `value` with each `contacts` array replaced by its length as `contactCount`. */
export function withoutContacts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutContacts);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'contacts' && Array.isArray(item)) out.contactCount = item.length;
    else out[key] = withoutContacts(item);
  }
  return out;
}
