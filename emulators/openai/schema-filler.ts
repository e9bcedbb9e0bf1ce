/**
 * Builds an answer that conforms to the JSON schema the client sent in `response_format`,
 * taking each property's value by name from what the rules engine found. Values are made to fit
 * (integers rounded, numbers clamped to min/max, strings cut to maxLength); a value that cannot
 * fit — wrong type, or not in the enum — becomes null when the schema allows null and the
 * schema's first allowed value otherwise. Properties the engine knows nothing about get a
 * type-correct default. Supports what strict structured outputs use: object properties,
 * required, additionalProperties, string/number/integer/boolean/null, enum, const, arrays,
 * type lists, anyOf/oneOf, allOf, and `$ref` into `$defs`/`definitions`.
 */
import type { JsonSchema } from './chat-request';

/** How deep nested schemas are followed (guards against recursive `$ref`s). */
const MAX_DEPTH = 16;

type Alternative = { readonly type: string; readonly node: JsonSchema };

interface Context {
  readonly root: JsonSchema;
  readonly values: Readonly<Record<string, unknown>>;
}

const REJECT = Symbol('reject');

/**
 * Fills `schema` from `values` (property name → candidate value). Nested objects whose
 * candidate is missing are filled from the same name → value map.
 */
export function fillSchema(schema: JsonSchema, values: Readonly<Record<string, unknown>>): unknown {
  const ctx: Context = { root: schema, values };
  return fill(schema, values, ctx, 0);
}

function fill(node: JsonSchema, candidate: unknown, ctx: Context, depth: number): unknown {
  const alts = alternatives(node, ctx, depth);
  const nullable = alts.some((a) => a.type === 'null');
  const typed = alts.filter((a) => a.type !== 'null');
  if (depth > MAX_DEPTH) return nullable ? null : shallowDefault(typed[0]);
  if (candidate === undefined || candidate === null) {
    const object = typed.find((a) => a.type === 'object');
    if (candidate === undefined && object && (!nullable || knowsAnyProperty(object.node, ctx))) return fillObject(object.node, ctx.values, ctx, depth);
    if (nullable || typed.length === 0) return null;
    return defaultFor(typed[0], ctx, depth);
  }
  for (const alt of typed) {
    const value = accept(alt, candidate, ctx, depth);
    if (value !== REJECT) return value;
  }
  return nullable || typed.length === 0 ? null : defaultFor(typed[0], ctx, depth);
}

function accept(alt: Alternative, candidate: unknown, ctx: Context, depth: number): unknown {
  const { node } = alt;
  const allowed = Array.isArray(node.enum) ? (node.enum as unknown[]) : null;
  const inEnum = (v: unknown): boolean => allowed === null || allowed.some((e) => e === v);
  switch (alt.type) {
    case 'const':
      return JSON.stringify(candidate) === JSON.stringify(node.const) ? node.const : REJECT;
    case 'string': {
      if (typeof candidate !== 'string' && typeof candidate !== 'number' && typeof candidate !== 'boolean') return REJECT;
      let s = String(candidate);
      if (!inEnum(s)) return REJECT;
      if (typeof node.maxLength === 'number' && s.length > node.maxLength) s = s.slice(0, node.maxLength);
      if (typeof node.minLength === 'number' && s.length < node.minLength) s = s.padEnd(node.minLength, ' ');
      return s;
    }
    case 'integer':
    case 'number': {
      const n = typeof candidate === 'number' ? candidate : typeof candidate === 'string' && candidate.trim() !== '' ? Number(candidate) : NaN;
      if (!Number.isFinite(n)) return REJECT;
      const value = clamp(alt.type === 'integer' ? Math.round(n) : n, node, alt.type === 'integer');
      return inEnum(value) ? value : REJECT;
    }
    case 'boolean':
      if (typeof candidate === 'boolean') return inEnum(candidate) ? candidate : REJECT;
      if (candidate === 'true' || candidate === 'false') return candidate === 'true';
      return REJECT;
    case 'array': {
      if (!Array.isArray(candidate)) return REJECT;
      const items = isSchema(node.items) ? node.items : {};
      let out = candidate.map((item) => fill(items, item, ctx, depth + 1));
      if (typeof node.maxItems === 'number') out = out.slice(0, node.maxItems);
      while (typeof node.minItems === 'number' && out.length < node.minItems) out.push(fill(items, undefined, ctx, depth + 1));
      return out;
    }
    case 'object':
      return isSchema(candidate) ? fillObject(node, candidate, ctx, depth) : REJECT;
    default:
      return candidate;
  }
}

function fillObject(node: JsonSchema, source: Readonly<Record<string, unknown>>, ctx: Context, depth: number): Record<string, unknown> {
  const properties = isSchema(node.properties) ? node.properties : {};
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties)) {
    const candidate = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
    out[name] = fill(isSchema(sub) ? sub : {}, candidate, ctx, depth + 1);
  }
  return out;
}

function defaultFor(alt: Alternative, ctx: Context, depth: number): unknown {
  const { node } = alt;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum.find((e) => e !== null) ?? node.enum[0];
  switch (alt.type) {
    case 'const':
      return node.const;
    case 'string':
      return ''.padEnd(typeof node.minLength === 'number' ? node.minLength : 0, ' ');
    case 'integer':
    case 'number':
      return clamp(0, node, alt.type === 'integer');
    case 'boolean':
      return false;
    case 'array': {
      const items = isSchema(node.items) ? node.items : {};
      return Array.from({ length: typeof node.minItems === 'number' ? node.minItems : 0 }, () => fill(items, undefined, ctx, depth + 1));
    }
    case 'object':
      return fillObject(node, {}, ctx, depth);
    default:
      return null;
  }
}

function shallowDefault(alt: Alternative | undefined): unknown {
  if (!alt) return null;
  return { string: '', integer: 0, number: 0, boolean: false, array: [], object: {} }[alt.type] ?? null;
}

function clamp(value: number, node: JsonSchema, integer: boolean): number {
  let v = value;
  const step = integer ? 1 : 1e-6;
  if (typeof node.minimum === 'number' && v < node.minimum) v = integer ? Math.ceil(node.minimum) : node.minimum;
  if (typeof node.exclusiveMinimum === 'number' && v <= node.exclusiveMinimum) v = (integer ? Math.floor(node.exclusiveMinimum) : node.exclusiveMinimum) + step;
  if (typeof node.maximum === 'number' && v > node.maximum) v = integer ? Math.floor(node.maximum) : node.maximum;
  if (typeof node.exclusiveMaximum === 'number' && v >= node.exclusiveMaximum) v = (integer ? Math.ceil(node.exclusiveMaximum) : node.exclusiveMaximum) - step;
  return v;
}

/** The types a schema node allows, each with the node that constrains it. */
function alternatives(input: JsonSchema, ctx: Context, depth: number): Alternative[] {
  const node = resolveRef(input, ctx.root);
  if (depth > MAX_DEPTH) return [];
  const branches = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : null;
  if (branches) return branches.filter(isSchema).flatMap((b) => alternatives(b, ctx, depth + 1));
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const merged = Object.assign({}, ...node.allOf.filter(isSchema).map((b) => resolveRef(b, ctx.root)), { ...node, allOf: undefined }) as JsonSchema;
    return alternatives(merged, ctx, depth + 1);
  }
  if ('const' in node) return [{ type: 'const', node }];
  const types = Array.isArray(node.type) ? node.type.filter((t): t is string => typeof t === 'string') : typeof node.type === 'string' ? [node.type] : inferTypes(node);
  if (Array.isArray(node.enum) && node.enum.includes(null) && !types.includes('null')) types.push('null');
  return types.map((type) => ({ type, node }));
}

function inferTypes(node: JsonSchema): string[] {
  if (Array.isArray(node.enum)) {
    const types = node.enum.map((e) => (e === null ? 'null' : Number.isInteger(e) ? 'integer' : typeof e));
    return [...new Set(types)];
  }
  if (isSchema(node.properties)) return ['object'];
  if (node.items !== undefined) return ['array'];
  return ['any'];
}

function knowsAnyProperty(node: JsonSchema, ctx: Context): boolean {
  const properties = isSchema(node.properties) ? Object.keys(node.properties) : [];
  return properties.some((name) => ctx.values[name] !== undefined && ctx.values[name] !== null);
}

/** Follows `$ref` pointers within the root schema ("#", "#/$defs/x", "#/definitions/x"). */
function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string' && hops < MAX_DEPTH; hops += 1) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#')) return {};
    let target: unknown = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isSchema(target) ? target[key] : undefined;
    }
    if (!isSchema(target)) return {};
    const rest: JsonSchema = { ...current };
    delete rest.$ref;
    current = { ...target, ...rest };
  }
  return current;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
