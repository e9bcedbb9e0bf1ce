import { getExternalWorkflowHandle, ParentClosePolicy, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { SheetsActivities } from '../activities/sheets/sheets-activities';
import type { SheetSyncActivities } from '../activities/sheets/sheet-sync-activities';
import type { WatcherActivities } from '../activities/channels/watcher-activities';
import { stopWatchingSignal, watcherWorkflowId, type WatchPlan, type WatcherSyncReport } from '../common/monitor';
import type { ChannelSyncResult, SyncSheetInput } from '../common/sheets';
import { SOURCE_CHANNEL } from '../common/search-attributes';
import { sourceKey } from '../common/posts';
import { TASK_QUEUES } from '../common/task-queues';
import { databaseActivity, sheetsActivity } from './activity-options';
import { checkSyncInput } from './sheets-job-input';
import type { watchChannel } from './watch-channel';

const sheets = proxyActivities<SheetsActivities>(sheetsActivity);
const db = proxyActivities<SheetSyncActivities & WatcherActivities>(databaseActivity);

/**
 * The Channels sheet is the operators' list of source channels: read it (one request on the
 * rate-limited sheets queue) and make the database match, so intake watches exactly what the
 * sheet says. Bad rows are reported with their row numbers and left as they were; an empty or
 * missing sheet changes nothing unless `allowEmpty` says it is meant. Then the watchers follow:
 * every active channel the reader can read gets its `watchChannel` (started once, left running),
 * and channels switched off are told to stop.
 */
export async function syncChannels(input?: SyncSheetInput): Promise<ChannelSyncResult> {
  const { allowEmpty } = checkSyncInput('syncChannels', input);
  const sheet = await sheets.readChannelsSheet();
  const result = await db.applyChannelsSheet({ sheet, allowEmpty });
  const plan = await db.channelsToWatch(result.deactivated);
  return plan ? { ...result, watchers: await followWatchers(plan) } : result;
}

/** Starts a watcher for each channel to watch and stops those of the channels switched off. */
async function followWatchers(plan: WatchPlan): Promise<WatcherSyncReport> {
  const report: WatcherSyncReport = { started: [], running: [], stopped: [], unreadable: plan.unreadable };
  for (const channel of plan.watch) {
    try {
      await startChild<typeof watchChannel>('watchChannel', {
        workflowId: watcherWorkflowId(channel),
        taskQueue: TASK_QUEUES.workflows,
        args: [{ channel }],
        // A watcher outlives the sync that started it, and may be started again after it ended.
        parentClosePolicy: ParentClosePolicy.ABANDON,
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
  for (const channel of plan.inactive) {
    try {
      await getExternalWorkflowHandle(watcherWorkflowId(channel)).signal(stopWatchingSignal, 'switched off in the Channels sheet');
      report.stopped.push(channel);
    } catch {
      // No watcher running for it: nothing to stop.
    }
  }
  return report;
}
