/**
 * Checks a route's path and query parameters with zod and turns every problem into one 400 in
 * the API's error shape, each problem with the parameter it concerns.
 */
import type { z } from 'zod';
import { ApiError } from './api-error';

/** A parameter problem, as listed in a 400's details. */
export interface Problem {
  path: string;
  message: string;
}

/** The parsed value, or a 400 `invalid_request` listing each problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: Problem[] = result.error.issues.map((i) => ({ path: i.path.join('.') || what, message: i.message }));
  throw new ApiError(400, 'invalid_request', `invalid ${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems });
}
