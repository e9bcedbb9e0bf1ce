/**
 * `/run <job>`: a schedule's run now, as its trigger button in the Web UI would (the schedule's
 * overlap policy applies). A job whose schedule isn't on the server yet is started directly.
 */
import { startJob } from '../../client/jobs';
import { findJob, ScheduleUnavailableError, triggerSchedule, UnknownScheduleError } from '../../schedules';
import type { BotDeps } from '../bot-deps';

/** The answer to `/run <name>`. */
export async function runReply(deps: BotDeps, name: string): Promise<string> {
  const jobs = deps.definitions.map((d) => d.id).join(', ');
  if (name === '') return `Which job? /run <job>, one of: ${jobs}`;
  let id: string;
  try {
    id = findJob(deps.definitions, name).id;
  } catch (err) {
    if (err instanceof UnknownScheduleError) return `There is no job "${name.slice(0, 64)}". Jobs: ${jobs}`;
    throw err;
  }
  try {
    const result = await triggerSchedule(deps.client, deps.definitions, id);
    deps.log.info('schedule triggered from the bot', { scheduleId: id });
    const busy = result.runningBefore.length > 0 ? `\nA run was already in progress (${result.runningBefore.join(', ')}); with overlap ${result.overlap} this one may be skipped.` : '';
    return `▶️ Triggered ${id}.${busy}`;
  } catch (err) {
    if (!(err instanceof ScheduleUnavailableError)) throw err;
    const { run } = await startJob(deps.client, deps.definitions, id);
    deps.log.info('job started from the bot', { job: id, workflowId: run.workflowId });
    return `▶️ Started ${run.workflowId} (the ${id} schedule is not on the server).`;
  }
}
