/**
 * Input schemas shared by the monitoring jobs. Schedules pass no input, so every field is
 * optional with a default; a field that is present but wrong fails the run at once
 * (`parseWorkflowInput`), with a message an operator can act on.
 */
import type { z } from 'zod';
import { INVALID_MONITORING_INPUT } from '../common/failure-types';
import { optionalFields, parseWorkflowInput } from './workflow-input';

export { wholeNumber } from './workflow-input';

/** A monitoring job's input object: `{}` when absent; anything but an object is refused, and shown. */
export function monitoringInput<T extends z.ZodRawShape>(shape: T) {
  return optionalFields(shape, (input) => `expected an object, got ${JSON.stringify(input)}`);
}

/** Checks `job`'s input against its schema; a problem fails the run (`InvalidMonitoringInput`). */
export function parseMonitoringInput<S extends z.ZodType>(job: string, schema: S, input: unknown): z.output<S> {
  return parseWorkflowInput(job, schema, input, INVALID_MONITORING_INPUT);
}
