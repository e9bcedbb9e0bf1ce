/**
 * Input checks shared by the monitoring jobs. Schedules pass no input, so every field is
 * optional with a default; a field that is present but wrong fails the run at once, with a
 * message an operator can act on, instead of retrying a workflow task forever.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { INVALID_MONITORING_INPUT } from '../common/failure-types';

/** Fails the run: `job` got input it can't use. */
export function invalidInput(job: string, problem: string): never {
  throw ApplicationFailure.nonRetryable(`invalid ${job} input: ${problem}`, INVALID_MONITORING_INPUT);
}

/** The input as an object of optional fields; absent or null input means "all defaults". */
export function inputObject<T extends object>(job: string, input: T | null | undefined): Partial<T> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) invalidInput(job, `expected an object, got ${JSON.stringify(input)}`);
  return input;
}

/** A whole number within [min, max], or `fallback` when absent. */
export function wholeNumber(job: string, field: string, value: unknown, { fallback, min, max }: { fallback: number; min: number; max: number }): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalidInput(job, `${field}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
