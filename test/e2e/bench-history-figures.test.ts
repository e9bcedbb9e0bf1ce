/**
 * The bench's history figures count retried activity attempts and redone workflow tasks: a
 * retried attempt leaves no event of its own, only the attempt number and last failure on the
 * started event, so a post held up by a timeout is otherwise invisible in the figures.
 */
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { addHistory, emptyFigures } from '../../scripts/bench/history-figures';
import { formatBenchReport } from '../../scripts/bench/report';
import type { BenchReport } from '../../scripts/bench/run-bench';

const { EventType } = temporal.api.enums.v1;
type Event = temporal.api.history.v1.IHistoryEvent;

function history(events: Event[]): temporal.api.history.v1.IHistory {
  return { events: events.map((e, i) => ({ eventId: Long.fromNumber(i + 1), ...e })) };
}

const scheduled = (name: string): Event => ({ eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityType: { name } } });
const started = (scheduledEventId: number, attempt: number, message?: string): Event => ({
  eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
  activityTaskStartedEventAttributes: { scheduledEventId: Long.fromNumber(scheduledEventId), attempt, ...(message ? { lastFailure: { message } } : {}) },
});

test('attempts beyond the first are counted by activity type with the failure before them; timed-out and failed workflow tasks too', () => {
  const figures = emptyFigures();
  addHistory(
    figures,
    history([
      scheduled('intakePost'), // 1
      started(1, 1), // 2
      { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT }, // 3
      scheduled('describePost'), // 4
      started(4, 3, 'activity StartToClose timeout'), // 5
      { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED }, // 6
    ]),
  );
  addHistory(figures, history([scheduled('describePost'), started(1, 2, 'activity StartToClose timeout')]));

  expect(figures.activitiesByType).toEqual({ intakePost: 1, describePost: 2 });
  expect(figures.retriesByType).toEqual({ describePost: 3 });
  expect(figures.retryReasons).toEqual({ 'activity StartToClose timeout': 2 });
  expect(figures.workflowTaskTimeouts).toBe(1);
  expect(figures.workflowTaskFailures).toBe(1);
});

test('a history without retries has none, and the report says so', () => {
  const figures = emptyFigures();
  addHistory(figures, history([scheduled('intakePost'), started(1, 1)]));
  expect(figures.retriesByType).toEqual({});
  expect(figures.retryReasons).toEqual({});

  const report = {
    posts: 1, duplicates: 0, latencyMs: 0, db: 'pglite', settings: {}, startupSeconds: 1, wallSeconds: 1, postsPerSecond: 1,
    submitToDone: { p50: 1, p99: 1, max: 1 }, statuses: { published: 1 },
    cpuSeconds: { total: 1, perPost: 1, byPart: {}, byThread: {}, emulators: 0, measured: false }, peakMemoryMb: { total: 0, byPart: {} },
    temporal: { eventsPerPost: 4, workflowTasksPerPost: 1, activitiesPerPost: 1, localActivitiesPerPost: 0, childWorkflowsPerPost: 0, activitiesByType: { intakePost: 1 }, retriedAttempts: {}, retryReasons: {}, workflowTaskTimeouts: 0, workflowTaskFailures: 0 },
    openai: { calls: 0, callsPerPost: 0, tokensPerPost: 0, promptTokens: 0, completionTokens: 0, callsPerCarAd: [0, 0], callsPerDuplicate: [0, 0] },
    loadAverage: [0, 0], problems: [],
  } as unknown as BenchReport;
  expect(formatBenchReport(report)).toContain('no activity attempt retried; workflow tasks timed out 0, failed 0');
  const retried = { ...report, temporal: { ...report.temporal, retriedAttempts: { describePost: 2 }, retryReasons: { 'activity StartToClose timeout': 2 }, workflowTaskTimeouts: 1 } };
  expect(formatBenchReport(retried)).toContain('2 activity attempts retried (describePost 2; after: 2× activity StartToClose timeout); workflow tasks timed out 1, failed 0');
});
