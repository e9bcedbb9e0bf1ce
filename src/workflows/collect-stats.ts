import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { StatsActivities } from '../activities/monitoring/stats-activities';
import { DEFAULT_STATS_PERIOD_HOURS, type CollectStatsInput, type CollectStatsResult } from '../common/stats';
import { monitoringJobActivity } from './activity-options';
import { monitoringInput, parseMonitoringInput, wholeNumber } from './monitoring-input';

const { taskQueueBacklog, saveStatsSnapshot } = proxyActivities<StatsActivities>(monitoringJobActivity);

const collectStatsInputSchema = monitoringInput({ periodHours: wholeNumber({ fallback: DEFAULT_STATS_PERIOD_HOURS, min: 1, max: 720 }) });

/**
 * The stats snapshot every 15 minutes: the database's figures for the last `periodHours` hours
 * (default 24) and the backlog of every task queue, saved together so trends and the last known
 * state outlive restarts. The save is keyed by this run, so a retry never adds a second snapshot.
 */
export async function collectStats(input?: CollectStatsInput): Promise<CollectStatsResult> {
  const { periodHours } = parseMonitoringInput('collectStats', collectStatsInputSchema, input);
  const { workflowId, runId } = workflowInfo();
  const to = new Date();
  const from = new Date(to.getTime() - periodHours * 3_600_000);
  const queues = await taskQueueBacklog();
  return saveStatsSnapshot({ from: from.toISOString(), to: to.toISOString(), queues, takenBy: `${workflowId}/${runId}` });
}
