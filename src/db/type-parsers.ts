/**
 * How PostgreSQL's text values become JavaScript values, for both drivers: node-postgres's own
 * parsers (timestamps → Date, jsonb → objects, booleans…), except that `bigint` (ids, counts)
 * and `numeric` (prices, token sums) come back as numbers. Their values here stay far below
 * 2^53; a larger one is an error rather than a silently rounded number.
 */
import { types } from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

/** Parses `bigint` text, refusing values a JavaScript number cannot hold exactly. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint value ${text} does not fit a JavaScript number`);
  return value;
}

/** The parser for a type's text output; unknown types stay text. */
export function textParser(oid: number): (text: string) => unknown {
  if (oid === INT8) return parseInt8;
  if (oid === NUMERIC) return Number;
  return types.getTypeParser(oid, 'text');
}

/** `textParser` in the shape node-postgres's `types` option expects. */
export const pgTypeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    format === 'binary' ? types.getTypeParser(oid, 'binary') : textParser(oid)) as typeof types.getTypeParser,
};
