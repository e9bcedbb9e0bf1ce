/**
 * Times in monitoring job inputs travel as ISO text (workflow arguments are JSON). One that
 * doesn't parse is a caller's bug that retrying won't fix, so it fails the activity for good.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { INVALID_MONITORING_INPUT } from '../../common/failure-types';

/** `text` as a Date, or a non-retryable failure naming `field`. */
export function parseJobTime(text: string, field: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw ApplicationFailure.nonRetryable(`${field}: not a time: ${JSON.stringify(text)}`, INVALID_MONITORING_INPUT);
  return date;
}
