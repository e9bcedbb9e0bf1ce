/**
 * The schedules step of `npm start`: apply, then log the plan summary and anything that needs
 * an operator. A failure is logged rather than thrown, so the workers keep serving the runs
 * that are already scheduled while the problem is looked at.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from '../observability/logger';
import { applySchedules, type ApplyResult } from './apply';
import { summarizePlan } from './format-plan';
import type { ScheduleDefinition } from './schedule-definition';

/** Applies the declared schedules and logs the outcome; undefined when the apply itself failed. */
export async function applySchedulesAtStart(client: Client, definitions: readonly ScheduleDefinition[], log: Logger): Promise<ApplyResult | undefined> {
  try {
    const result = await applySchedules(client, definitions);
    log.info(`schedules applied (plan: ${summarizePlan(result.plan)})`);
    for (const entry of result.applied) {
      if (entry.outcome === 'failed' || entry.planned === 'conflict') log.warn(`schedule ${entry.scheduleId}: ${entry.outcome}`, { detail: entry.detail });
      else if (entry.outcome !== 'unchanged') log.debug(`schedule ${entry.scheduleId}: ${entry.outcome}`, entry.detail ? { detail: entry.detail } : undefined);
    }
    return result;
  } catch (err) {
    log.error('applying the schedules failed; fix and run `cars-bot schedules apply`', { error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}
