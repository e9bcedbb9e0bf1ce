/**
 * Every `processPost` this process starts carries our channel's quiet hours in its input
 * (`quietHours`, from PUBLISH_QUIET_HOURS and SCHEDULE_TIMEZONE): the workflow decides its hold
 * from workflow time, and with quiet hours off it schedules nothing for them. Set here, on the one
 * client each process builds (`connectClient`), so no intake (bot, HTTP API, CLI, retries) can
 * start a post without it; an input that already says (a test, a watcher's child) is left alone.
 */
import type { WorkflowClientInterceptor, WorkflowStartInput } from '@temporalio/client';
import type { ProcessPostInput } from '../common/posts';
import type { PostQuietHours } from '../common/quiet-hours';
import { WORKFLOW_TYPES } from '../common/workflow-types';

function withQuietHours<T extends Pick<WorkflowStartInput, 'workflowType' | 'options'>>(input: T, quietHours: PostQuietHours | null): T {
  if (input.workflowType !== WORKFLOW_TYPES.processPost) return input;
  const [first, ...rest] = input.options.args;
  if (!first || typeof first !== 'object' || 'quietHours' in first) return input;
  const args: [ProcessPostInput, ...unknown[]] = [{ ...(first as ProcessPostInput), quietHours }, ...rest];
  return { ...input, options: { ...input.options, args } };
}

/** The client interceptor that puts `quietHours` (null: none) into each post's input. */
export function postSettingsInterceptor(quietHours: PostQuietHours | null): WorkflowClientInterceptor {
  return {
    startWithDetails: (input, next) => next(withQuietHours(input, quietHours)),
    signalWithStart: (input, next) => next(withQuietHours(input, quietHours)),
  };
}
