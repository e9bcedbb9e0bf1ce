/**
 * Starting the channel watchers from outside a workflow (`npm start`, for the channels already
 * active in the database; `syncChannels` starts them as the sheet changes). Safe to repeat: a
 * watcher runs once per channel (`watch-<channel>`), and a running one is left as it is.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { unreadableReason, watcherWorkflowId, type ReaderKind, type WatchChannelInput } from '../common/monitor';
import { sourceKey } from '../common/posts';
import { SOURCE_CHANNEL } from '../common/search-attributes';
import { TASK_QUEUES } from '../common/task-queues';

export interface WatcherStartReport {
  started: string[];
  running: string[];
  unreadable: { channel: string; reason: string }[];
}

/** Starts a watcher for each channel the reader can read that has none running. */
export async function startChannelWatchers(client: Client, reader: ReaderKind, channels: readonly string[]): Promise<WatcherStartReport> {
  const report: WatcherStartReport = { started: [], running: [], unreadable: [] };
  for (const channel of channels) {
    const reason = unreadableReason(reader, channel);
    if (reason) {
      report.unreadable.push({ channel, reason });
      continue;
    }
    const input: WatchChannelInput = { channel };
    try {
      await client.workflow.start('watchChannel', {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: watcherWorkflowId(channel),
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        typedSearchAttributes: [{ key: SOURCE_CHANNEL, value: sourceKey(channel) }],
        staticSummary: `Watches ${channel}`,
      });
      report.started.push(channel);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      report.running.push(channel);
    }
  }
  return report;
}
