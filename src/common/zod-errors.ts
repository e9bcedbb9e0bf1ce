/**
 * Zod's own account of what was wrong and where (`z.prettifyError`), on one line for places
 * that keep a message in a row, a table cell or a failure reason.
 */
import { z } from 'zod';

/** `✖ Invalid input: expected number, received string → at a; ✖ …`: every problem with its path. */
export function zodErrorLine(error: z.ZodError): string {
  return z
    .prettifyError(error)
    .replace(/\n\s*→/g, ' →')
    .replace(/\n/g, '; ');
}

/**
 * `batchSize: expected a whole number from 1 to 1000; post.text: expected a string`: each
 * problem after its field's path (none for the value as a whole), for failure messages that
 * name the field to fix. Only the schema's messages: no value is echoed unless a message does.
 */
export function zodIssueList(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
