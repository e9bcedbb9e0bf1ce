/**
 * Input checks shared by the Sheets workflows. Bad input can't get better by retrying, so it
 * fails the run at once with a reason a person can act on.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { EXPORT_EVENTS_LIMITS, INVALID_SHEETS_JOB_INPUT, type ExportEventsInput, type SyncSheetInput, type UpdateAnalyticsInput } from '../common/sheets';

function reject(workflow: string, problems: string[]): never {
  throw ApplicationFailure.nonRetryable(`invalid ${workflow} input: ${problems.join('; ')}`, INVALID_SHEETS_JOB_INPUT);
}

function asObject(workflow: string, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) reject(workflow, ['expected an object such as {}']);
  return input as Record<string, unknown>;
}

/** `allowEmpty`, defaulting to false. */
export function checkSyncInput(workflow: string, input: SyncSheetInput | undefined): { allowEmpty: boolean } {
  const { allowEmpty } = asObject(workflow, input);
  if (allowEmpty !== undefined && typeof allowEmpty !== 'boolean') reject(workflow, ['allowEmpty: expected true or false']);
  return { allowEmpty: allowEmpty === true };
}

/** `day`, when given, must look like a calendar day (the activity checks it is one). */
export function checkAnalyticsInput(input: UpdateAnalyticsInput | undefined): { day?: string } {
  const { day } = asObject('updateAnalytics', input);
  if (day === undefined) return {};
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) reject('updateAnalytics', ['day: expected YYYY-MM-DD']);
  return { day };
}

/** Batch size and count with their defaults. */
export function checkExportInput(input: ExportEventsInput | undefined): { batchSize: number; maxBatches: number } {
  const { batchSize = EXPORT_EVENTS_LIMITS.defaultBatchSize, maxBatches = EXPORT_EVENTS_LIMITS.defaultMaxBatches } = asObject('exportEvents', input);
  const problems: string[] = [];
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1 || (batchSize as number) > EXPORT_EVENTS_LIMITS.maxBatchSize) {
    problems.push(`batchSize: expected a whole number from 1 to ${EXPORT_EVENTS_LIMITS.maxBatchSize}`);
  }
  if (!Number.isInteger(maxBatches) || (maxBatches as number) < 1) problems.push('maxBatches: expected a positive whole number');
  if (problems.length > 0) reject('exportEvents', problems);
  return { batchSize: batchSize as number, maxBatches: maxBatches as number };
}
