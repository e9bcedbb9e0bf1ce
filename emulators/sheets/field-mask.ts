/**
 * The `fields` parameter of Google APIs (partial responses): `properties.title`,
 * `sheets(properties(title,sheetId))`, `*`. Health checks ask for little, and should get only
 * that back, as from Google.
 */

type Mask = Map<string, Mask | true>;

/** Keeps only the fields the mask names; an empty or absent mask keeps everything. */
export function applyFieldMask<T>(value: T, fields: string | null | undefined): T {
  if (!fields || fields.trim() === '' || fields.trim() === '*') return value;
  return prune(value, parseMask(fields)) as T;
}

function prune(value: unknown, mask: Mask): unknown {
  if (Array.isArray(value)) return value.map((v) => prune(v, mask));
  if (value === null || typeof value !== 'object') return value;
  if (mask.has('*')) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    if (!(key in (value as Record<string, unknown>))) continue;
    const child = (value as Record<string, unknown>)[key];
    out[key] = sub === true ? child : prune(child, sub);
  }
  return out;
}

/** Parses `a.b,c(d,e.f)` into a tree of field names. */
function parseMask(text: string): Mask {
  let i = 0;
  const parseList = (): Mask => {
    const mask: Mask = new Map();
    for (;;) {
      const start = i;
      while (i < text.length && !',()'.includes(text[i])) i += 1;
      const path = text.slice(start, i).trim().split('.').filter(Boolean);
      let sub: Mask | true = true;
      if (text[i] === '(') {
        i += 1;
        sub = parseList();
        if (text[i] === ')') i += 1;
      }
      if (path.length > 0) insert(mask, path, sub);
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      return mask;
    }
  };
  return parseList();
}

function insert(mask: Mask, path: string[], leaf: Mask | true): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const existing = mask.get(head);
    if (existing === true || leaf === true) mask.set(head, true);
    else mask.set(head, merge(existing ?? new Map(), leaf));
    return;
  }
  let child = mask.get(head);
  if (child === true) return;
  if (!child) {
    child = new Map();
    mask.set(head, child);
  }
  insert(child, rest, leaf);
}

function merge(a: Mask, b: Mask): Mask {
  for (const [k, v] of b) {
    const existing = a.get(k);
    if (existing === true || v === true) a.set(k, true);
    else a.set(k, merge(existing ?? new Map(), v));
  }
  return a;
}
