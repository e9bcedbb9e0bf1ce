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
