/**
 * The workflows' one input parser (workflows/workflow-input.ts), outside the sandbox: what a
 * rejection looks like, and that defaults and fields it doesn't know come through.
 */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { EXPORT_EVENTS_LIMITS } from '../../src/common/sheets';
import { optionalFields, parseWorkflowInput, wholeNumber } from '../../src/workflows/workflow-input';
import { checkExportInput, checkSyncInput } from '../../src/workflows/sheets-job-input';

function rejection(run: () => unknown): ApplicationFailure {
  try {
    run();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected the input to be refused');
}

describe('parseWorkflowInput', () => {
  const schema = z.object({ post: z.object({ messageId: z.number({ error: 'expected a positive whole number' }), text: z.string({ error: 'expected a string' }) }) });

  test('bad input is a non-retryable failure of the given type naming every field, not the values', () => {
    const failure = rejection(() => parseWorkflowInput('processPost', schema, { post: { messageId: 'secret +7 701 555 01 01', text: 7 } }, 'InvalidPostInput'));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('InvalidPostInput');
    expect(failure.message).toBe('invalid processPost input: post.messageId: expected a positive whole number; post.text: expected a string');
    expect(failure.message).not.toContain('+7 701');
  });

  test('good input comes back parsed, with defaults filled in and unknown fields kept', () => {
    const jobInput = optionalFields({ periodHours: wholeNumber({ fallback: 24, min: 1, max: 720 }) }, 'expected an object');
    expect(parseWorkflowInput('collectStats', jobInput, undefined, 'X')).toEqual({ periodHours: 24 });
    expect(parseWorkflowInput('collectStats', jobInput, null, 'X')).toEqual({ periodHours: 24 });
    expect(parseWorkflowInput('collectStats', jobInput, { periodHours: 6, extra: true }, 'X')).toEqual({ periodHours: 6, extra: true });
    expect(rejection(() => parseWorkflowInput('collectStats', jobInput, { periodHours: 0 }, 'X')).message).toBe('invalid collectStats input: periodHours: expected a whole number from 1 to 720, got 0');
    expect(rejection(() => parseWorkflowInput('collectStats', jobInput, 'daily', 'X')).message).toBe('invalid collectStats input: expected an object');
  });

  test('the Sheets jobs keep their messages and defaults', () => {
    expect(checkExportInput(undefined)).toEqual({ batchSize: EXPORT_EVENTS_LIMITS.defaultBatchSize, maxBatches: EXPORT_EVENTS_LIMITS.defaultMaxBatches });
    expect(rejection(() => checkExportInput({ batchSize: 0 })).message).toBe('invalid exportEvents input: batchSize: expected a whole number from 1 to 1000');
    expect(checkSyncInput('syncChannels', {})).toEqual({ allowEmpty: false });
    expect(rejection(() => checkSyncInput('syncChannels', { allowEmpty: 'yes' as never })).message).toBe('invalid syncChannels input: allowEmpty: expected true or false');
    expect(rejection(() => checkSyncInput('syncChannels', [] as never)).message).toBe('invalid syncChannels input: expected an object such as {}');
  });
});
