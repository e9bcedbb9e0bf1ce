/**
 * Schedules as code: the declared schedules, the sync that applies them and run-time operations.
 * Entry points (CLI, API, `npm start`) import from here; a job run now is `client/jobs.ts`.
 */
export type { ScheduleDefinition, OverlapPolicy } from './schedule-definition';
export { scheduleDefinitions } from './definitions';
export { validateDefinitions, InvalidScheduleDefinitionError } from './validate-definitions';
export { definitionHash, canonicalDefinition, type FieldChange, type CanonicalDefinition } from './fingerprint';
export { MANAGED_BY, MANAGED_BY_KEY, isManaged } from './markers';
export { planSchedules, countPlan, driftOf, type PlannedChange, type PlanKind, type LiveState, type Drift } from './plan';
export { applySchedules, type ApplyResult, type AppliedChange, type ApplyOutcome, type ApplyOptions } from './apply';
export { applySchedulesAtStart } from './apply-at-start';
export { formatPlan, formatApplyResult, summarizePlan, applyHadProblems } from './format-plan';
export {
  listSchedules,
  triggerSchedule,
  pauseSchedule,
  resumeSchedule,
  editSchedule,
  ScheduleEditError,
  ScheduleUnavailableError,
  type ScheduleEdit,
  type ScheduleStatus,
  type LastRun,
  type TriggerResult,
  type PauseState,
} from './operations';
export { findSchedule, findJob, jobNames, UnknownScheduleError } from './lookup';
