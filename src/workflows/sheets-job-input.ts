/**
 * Input schemas of the Sheets workflows. Bad input can't get better by retrying, so it fails the
 * run at once (`parseWorkflowInput`) with a reason a person can act on.
 */
import { z } from 'zod';
import { EXPORT_EVENTS_LIMITS, INVALID_SHEETS_JOB_INPUT, type ExportEventsInput, type SyncSheetInput, type UpdateAnalyticsInput } from '../common/sheets';
import { optionalFields, parseWorkflowInput } from './workflow-input';

/** A Sheets job's input object: `{}` when absent. */
const sheetsJobInput = <T extends z.ZodRawShape>(shape: T) => optionalFields(shape, 'expected an object such as {}');

const syncInputSchema = sheetsJobInput({
  allowEmpty: z
    .boolean({ error: 'expected true or false' })
    .optional()
    .transform((allowEmpty) => allowEmpty === true),
});

const analyticsInputSchema = sheetsJobInput({
  day: z.string({ error: 'expected YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
});

const exportInputSchema = sheetsJobInput({
  batchSize: z
    .number({ error: `expected a whole number from 1 to ${EXPORT_EVENTS_LIMITS.maxBatchSize}` })
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= EXPORT_EVENTS_LIMITS.maxBatchSize, `expected a whole number from 1 to ${EXPORT_EVENTS_LIMITS.maxBatchSize}`)
    .default(EXPORT_EVENTS_LIMITS.defaultBatchSize),
  maxBatches: z
    .number({ error: 'expected a positive whole number' })
    .refine((n) => Number.isInteger(n) && n >= 1, 'expected a positive whole number')
    .default(EXPORT_EVENTS_LIMITS.defaultMaxBatches),
});

/** `allowEmpty`, defaulting to false. */
export function checkSyncInput(workflow: string, input: SyncSheetInput | undefined): { allowEmpty: boolean } {
  const { allowEmpty } = parseWorkflowInput(workflow, syncInputSchema, input, INVALID_SHEETS_JOB_INPUT);
  return { allowEmpty };
}

/** `day`, when given, must look like a calendar day (the activity checks it is one). */
export function checkAnalyticsInput(input: UpdateAnalyticsInput | undefined): { day?: string } {
  const { day } = parseWorkflowInput('updateAnalytics', analyticsInputSchema, input, INVALID_SHEETS_JOB_INPUT);
  return day === undefined ? {} : { day };
}

/** Batch size and count with their defaults. */
export function checkExportInput(input: ExportEventsInput | undefined): { batchSize: number; maxBatches: number } {
  const { batchSize, maxBatches } = parseWorkflowInput('exportEvents', exportInputSchema, input, INVALID_SHEETS_JOB_INPUT);
  return { batchSize, maxBatches };
}
