/**
 * Every workflow checks its input the same way: a zod schema (zod is plain computation, safe in
 * the workflow sandbox), and input it rejects fails the run at once — a non-retryable failure
 * of the workflow's input type naming each field and what it expects. Bad input can't get
 * better by retrying, and a plain Error would retry the workflow task forever. Messages say what
 * a field expects, never what a post said.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { z } from 'zod';
import { zodIssueList } from '../common/zod-errors';

/** The input as the schema gives it back (defaults filled in), or the run fails with `type`. */
export function parseWorkflowInput<S extends z.ZodType>(workflow: string, schema: S, input: unknown, type: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw ApplicationFailure.nonRetryable(`invalid ${workflow} input: ${zodIssueList(result.error)}`, type);
}

/**
 * An input object whose fields all have defaults: schedules pass none, so absent or null input
 * is `{}`; fields it doesn't know are kept (a newer starter's, seen by older code).
 */
export function optionalFields<T extends z.ZodRawShape>(shape: T, notAnObject: string | ((input: unknown) => string)) {
  return z.preprocess((input) => input ?? {}, z.looseObject(shape, { error: (issue) => (typeof notAnObject === 'string' ? notAnObject : notAnObject(issue.input)) }));
}

/** A whole number within [min, max], `fallback` when absent or null; the message shows what was given. */
export function wholeNumber({ fallback, min, max }: { fallback: number; min: number; max: number }) {
  const expected = (issue: { input?: unknown }) => `expected a whole number from ${min} to ${max}, got ${JSON.stringify(issue.input)}`;
  return z
    .number({ error: expected })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, { error: expected })
    .nullish()
    .transform((n) => n ?? fallback);
}
