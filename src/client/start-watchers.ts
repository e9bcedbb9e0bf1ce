/**
 * Starting the channel watchers from outside a workflow (`npm start`, for the channels already
 * active in the database; `syncChannels` starts them as the sheet changes). Safe to repeat: a
 * watcher runs once per channel (`watch-<channel>`), and a running one is left as it is.
 */
import type { Client } from '@temporalio/client';
import { unreadableReason, watcherWorkflowId, type ReaderKind } from '../common/monitor';
import { sourceKey } from '../common/posts';
import { SOURCE_CHANNEL } from '../common/search-attributes';
import { TASK_QUEUES } from '../common/task-queues';
import { WORKFLOW_TYPES } from '../common/workflow-types';
import { startOnce } from './start-workflow';

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
    const started = await startOnce(client, WORKFLOW_TYPES.watchChannel, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: watcherWorkflowId(channel),
      args: [{ channel }],
      // A watcher that ended (its channel was switched off) may start again.
      reuse: 'afterClose',
      typedSearchAttributes: [{ key: SOURCE_CHANNEL, value: sourceKey(channel) }],
      staticSummary: `Watches ${channel}`,
    });
    (started.started ? report.started : report.running).push(channel);
  }
  return report;
}
