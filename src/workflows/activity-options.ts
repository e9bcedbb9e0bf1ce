/**
 * Named activity option sets, declared once. Every proxy in a workflow uses one of these, so
 * the timeouts and retries of each kind of work are decided (and explained) in one place.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { PUBLISH_HEARTBEAT_TIMEOUT_MS } from '../common/publishing';
import { MONITOR_FAILURE } from '../common/monitor';
import { TASK_QUEUES } from '../common/task-queues';
import { DB_FAILURE, INVALID_MONITORING_INPUT, NON_RETRYABLE_AI_FAILURES, NON_RETRYABLE_SHEETS_FAILURES, NON_RETRYABLE_TELEGRAM_FAILURES, NOTIFY_FAILURE } from '../common/failure-types';

/**
 * Health probes: each probe has its own 10 s timeout and reports "down" instead of throwing,
 * so retries only cover a worker that died mid-probe.
 */
export const monitoringActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.monitoring,
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '2m',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
};

/**
 * Database steps: quick and idempotent. Retried for a while (the database may restart), but
 * a missing post or an illegal status move is a bug that retrying won't fix.
 */
export const databaseActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.workflows,
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 20, nonRetryableErrorTypes: Object.values(DB_FAILURE) },
};

/**
 * A reading of the worker's settings and clock (quiet hours): no I/O, so a local activity on the
 * workflow worker (no task-queue round trip) whose answer the history records. Retried briefly;
 * it can only fail if the worker is stopping.
 */
export const settingsLocalActivity: LocalActivityOptions = {
  startToCloseTimeout: '5s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
};

/**
 * The AI stage's time budget per post: the old queue's message TTL (1 h). The three AI steps of a
 * post share it — each gets what is left as its schedule-to-close time — so an outage is ridden
 * out for up to an hour in all, never three.
 */
export const AI_STAGE_BUDGET = { ms: 60 * 60_000, text: '1 h' } as const;

/**
 * OpenAI calls. Retried until the post's AI budget runs out (the workflow sets
 * `scheduleToCloseTimeout` to what is left of `AI_STAGE_BUDGET`), not for a number of
 * attempts: the activity sets each retry's delay itself (exponential with jitter up to 10 min,
 * as the seed's `retry_backoff_max`, or OpenAI's retry-after), so a 20-minute outage costs a
 * dozen attempts and the post goes on after it. Refused requests (400/401/403/404/422, bad
 * output) are not retried. startToClose sits above the client's own timeout (OPENAI_TIMEOUT,
 * 60 s by default) so the client gives up first. The heartbeat timeout is what notices an
 * attempt the server marked started but no worker got (under load the server can lose a poll's
 * answer, temporalio/temporal#11733): retried after 20 s instead of 90. A running attempt
 * heartbeats once it has taken 5 s (quick ones send none): see heartbeat-while-running.ts.
 */
export const aiActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.ai,
  scheduleToCloseTimeout: AI_STAGE_BUDGET.ms,
  startToCloseTimeout: '90s',
  heartbeatTimeout: '20s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m', nonRetryableErrorTypes: NON_RETRYABLE_AI_FAILURES },
};

/**
 * Google Sheets requests, on the `sheets` queue whose server-enforced rate keeps all workers
 * together under Google's 60 requests/min per service account. startToClose 1 min sits above
 * the client's 30 s timeout, so the client gives up first. The activity sets each retry's delay
 * itself (5 s doubling to 1 min with jitter: the quota refills within a minute); a bad range,
 * missing access, a wrong spreadsheet or a foreign sheet layout are not retried. scheduleToClose
 * 4 min, including time waiting for the rate limit, fails a stuck call before the schedules'
 * shortest run limit (5 min), so the failure says what went wrong.
 */
export const sheetsActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.sheets,
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '4m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE_SHEETS_FAILURES },
};

/**
 * Channel sends. The activity waits for the channel itself — its lease, Telegram's flood wait,
 * the sliding window — inside the attempt, heartbeating, so waiting costs no retries (and none of
 * the queue's rate tokens). The heartbeat timeout is what notices a dead or never-run attempt,
 * and bounds how long a dead holder can keep the channel (PUBLISH_LEASE never exceeds it);
 * startToClose only caps one attempt's waiting (the activity hands a longer wait to the next
 * attempt after 5 min). A timed-out attempt is retried after 1 s; every other failure sets its
 * own delay. 5xx and network errors back off up to 5 minutes, refusals (chat not
 * found, bot removed, can't parse entities, outcome that can't be checked) are not retried. Up
 * to a day in all: a listing should go out late rather than never.
 */
export const publishActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.publishing,
  heartbeatTimeout: PUBLISH_HEARTBEAT_TIMEOUT_MS,
  startToCloseTimeout: '10m',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: [...NON_RETRYABLE_TELEGRAM_FAILURES, DB_FAILURE.postNotFound] },
};

/**
 * Direct messages: quick, paced globally by the notifications queue's rate limit. A user who
 * blocked the bot (403) is not retried; anything else is, for up to an hour.
 */
export const notifyActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: [...NON_RETRYABLE_TELEGRAM_FAILURES, DB_FAILURE.postNotFound, NOTIFY_FAILURE.adminsUnreachable] },
};

/**
 * Quick steps of the monitoring jobs on the monitoring queue: database reads and writes (the
 * subscription check's claims, the stats snapshot) and Temporal's task-queue stats. Idempotent,
 * so retried for a while (the database may restart); bad input is not retried. Five minutes in
 * all keeps a stuck step inside the shortest of those jobs' run limits (collectStats, 10 min).
 */
export const monitoringJobActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.monitoring,
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '5m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: [INVALID_MONITORING_INPUT] },
};

/**
 * One table's cleanup: many delete batches, so it may run long (30 min), but it heartbeats after
 * every batch; a worker that dies is noticed within a minute and the retry carries on with the
 * rows left. Five attempts fit the schedule's 2 h run limit.
 */
export const cleanupActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.monitoring,
  startToCloseTimeout: '30m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2m', maximumAttempts: 5, nonRetryableErrorTypes: [INVALID_MONITORING_INPUT] },
};

/**
 * Health alerts to the admins. Unlike other direct messages they give up within a minute: the
 * health check must finish (an admin may be waiting on `health`), and an alert not delivered
 * stays due, so the next check sends it. The minute is well inside the alert's claim (5 min),
 * so no other check sends it meanwhile; startToClose sits above the Telegram client's 30 s.
 */
export const healthAlertActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '45s',
  scheduleToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: [...NON_RETRYABLE_TELEGRAM_FAILURES, NOTIFY_FAILURE.adminsUnreachable] },
};

/**
 * A channel read on the monitor queue (server-paced for every worker: one account's rate). A
 * read pages back through the channel after downtime, heartbeating per page, so a worker that
 * dies is noticed within 30 s. A flood wait (429 `Retry-After`, `FLOOD_WAIT_X`) sets its retry's
 * delay exactly; other failures back off up to a minute. After five attempts the watcher
 * records the error (health shows it) and tries again at its next poll; a channel that can't
 * be read at all (not public, no access) is not retried.
 */
export const channelReadActivity: ActivityOptions = {
  taskQueue: TASK_QUEUES.monitor,
  startToCloseTimeout: '2m',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5, nonRetryableErrorTypes: [MONITOR_FAILURE.notPublic, MONITOR_FAILURE.accessDenied, MONITOR_FAILURE.unreadablePage] },
};
