import { ActivityFailure, ApplicationFailure, log, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, setWorkflowOptions, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AiActivities } from '../activities/ai/ai-activities';
import type { PostActivities } from '../activities/posts/post-activities';
import { z } from 'zod';
import { DB_FAILURE, INPUT_FAILURE, POST_FAILURE } from '../common/failure-types';
import { POST_STATUS, SOURCE_CHANNEL, CAR_MAKE, searchableCarMake } from '../common/search-attributes';
import { quietHoursHold, type QuietHoursHold } from '../common/quiet-hours';
import { POST_STEPS, postProgressQuery, sourceKey, type PostProgress, type PostStep, type ProcessPostInput, type ProcessPostResult } from '../common/posts';
import type { PostStatus } from '../common/post-status';
import { AI_STAGE_BUDGET, aiActivity, databaseActivity, settingsLocalActivity } from './activity-options';
import { failureType } from './failure-reason';
import { describePostFailure, postFailed } from './post-failure';
import { publishListing } from './publish-listing';
import { pinnedWhenVersioned } from './versioning';
import { parseWorkflowInput } from './workflow-input';

const db = proxyActivities<PostActivities>(databaseActivity);
const settings = proxyLocalActivities<Pick<PostActivities, 'quietHoursHold'>>(settingsLocalActivity);

/**
 * Quiet hours: a listing ready inside them waits on a durable timer until they end (plus its
 * place in the morning's order), shown in the progress as "waiting for 07:00". A timer lives on
 * the server, so worker restarts don't shorten or lose the wait. The setting comes in the input
 * and the hold is computed here from workflow time, so with quiet hours off nothing at all is
 * recorded for them; a post started without the setting in its input (before it travelled with
 * the post) reads the worker's setting once, behind the `publish-quiet-hours` patch, as it did.
 */
async function waitForQuietHours(input: ProcessPostInput, progress: PostProgress): Promise<void> {
  let hold: QuietHoursHold | null | undefined;
  if (input.quietHours !== undefined) hold = input.quietHours ? quietHoursHold(input.quietHours.hours, Date.now(), input.quietHours.timeZone) : undefined;
  else if (patched('publish-quiet-hours')) hold = await settings.quietHoursHold(Date.now());
  if (!hold) return;
  const waitMs = hold.releaseAtMs - Date.now();
  if (waitMs <= 0) return;
  progress.waiting = { reason: 'quiet-hours', until: new Date(hold.releaseAtMs).toISOString(), text: `waiting for ${hold.endsAt}` };
  log.info('post waits for the end of quiet hours', { until: progress.waiting.until });
  await sleep(waitMs);
  delete progress.waiting;
}

/** The AI activities with what is left of the post's hour as their schedule-to-close time. */
function aiWithin(deadline: number) {
  return proxyActivities<AiActivities>({ ...aiActivity, scheduleToCloseTimeout: Math.max(1, deadline - Date.now()) });
}

/** Whether Intl knows the zone: an unknown one would fail every workflow task, not the input. */
function knownTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How a post ended, as its outcome line says it. */
type PostOutcome = 'published' | 'duplicate' | 'not_car' | 'failed' | 'expired';

/**
 * The post's one outcome line: workflow id (and run, type, queue: the logger sink adds them),
 * the step it ended at, the run's attempt, how long the run took, and for a failure its type.
 * Emitted from the workflow because the sink is replay-safe: a replay (cache eviction, a worker
 * restart) doesn't repeat it, and the line exists however the post ended, activity or not. No
 * post text, phone or seller: only ids, names of steps and failure types.
 */
function logOutcome(outcome: PostOutcome, step: PostStep, fields: { postId?: number; failureType?: string } = {}): void {
  const info = workflowInfo();
  const line = { outcome, step, attempt: info.attempt, durationMs: Date.now() - info.runStartTime.getTime(), postId: fields.postId ?? null, ...(fields.failureType ? { failureType: fields.failureType } : {}) };
  if (outcome === 'failed' || outcome === 'expired') log.warn('post outcome', line);
  else log.info('post outcome', line);
}

const SOURCE = 'expected a channel @username or chat id';
const MESSAGE_ID = 'expected a positive whole number';

/**
 * What the pipeline can't do without. The edges (API, bot, files) check posts fully with
 * `postInputSchema`; this accepts what they let through, and what runs already started with.
 */
const processPostInputSchema = z.preprocess(
  (input) => input ?? {},
  z.looseObject({
    post: z.looseObject(
      {
        source: z.string({ error: SOURCE }).refine((s) => s.trim() !== '', SOURCE),
        messageId: z.number({ error: MESSAGE_ID }).refine((n) => Number.isInteger(n) && n > 0, MESSAGE_ID),
        text: z.string({ error: 'expected a string' }),
      },
      { error: 'missing' },
    ),
    // Checked only when given: posts started before quiet hours travelled in the input have none
    // (optional() last: a refinement alone would make the key required).
    quietHours: z.unknown().superRefine((quiet, ctx) => {
      if (!quiet) return;
      const { hours, timeZone } = quiet as { hours?: { startMinute?: unknown; endMinute?: unknown }; timeZone?: unknown };
      const minute = (m: unknown) => Number.isInteger(m) && (m as number) >= 0 && (m as number) < 1440;
      if (!minute(hours?.startMinute) || !minute(hours?.endMinute)) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'expected startMinute and endMinute, whole minutes of the day' });
      else if (!knownTimeZone(timeZone)) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'expected an IANA time zone, e.g. Asia/Almaty' });
    }).optional(),
  }),
);

// Under Worker Versioning a post finishes on the build it started on: a rolling deploy that
// changes this workflow never replays a post in flight on the new code (see src/workers/deployment.ts).
setWorkflowOptions(pinnedWhenVersioned, processPost);

/**
 * One post through the pipeline: intake (store + dedupe) → classify → extract → describe →
 * publish (one activity, the same as `publishPost`'s, run here: no child workflow per post), so a
 * post costs five activities and six workflow tasks. Each AI step saves its answer on the post, so a crash, a retry or a reset never
 * pays twice for one. The AI steps share one hour (the old queue's TTL), however their retries
 * fall. Duplicate and not_car are successful endings; a post that can't be processed ends the
 * workflow Failed with the reason (`PostFailed`, `PublishFailed`, `PostExpired`,
 * `PostStorageRefused`), after its row is marked, and `cars-bot post retry` takes it on from
 * where it failed.
 */
export async function processPost(input: ProcessPostInput): Promise<ProcessPostResult> {
  parseWorkflowInput('processPost', processPostInputSchema, input, INPUT_FAILURE.post);
  const { post } = input;
  const { workflowId } = workflowInfo();
  const progress: PostProgress = { step: 'store', stepsDone: 0, totalSteps: POST_STEPS.length - 1, percent: 0, status: 'received' };
  setHandler(postProgressQuery, () => progress);

  let postId: number | undefined;
  const enter = (step: PostStep) => {
    if (step !== 'done') log.debug('post step', { step, postId: postId ?? null });
    progress.step = step;
    const index = POST_STEPS.indexOf(step as (typeof POST_STEPS)[number]);
    progress.stepsDone = step === 'done' ? progress.totalSteps : index;
    progress.percent = Math.round((progress.stepsDone / progress.totalSteps) * 100);
  };
  // Each upsert is an event in the history and a visibility write on the server: PostStatus is
  // upserted only when it changes, and the start's own search attributes (every intake sets
  // SourceChannel and PostStatus=received there) are not upserted again.
  const startAttributes = workflowInfo().typedSearchAttributes;
  let shownStatus: PostStatus | undefined = startAttributes.get(POST_STATUS) as PostStatus | undefined;
  const setStatus = (status: PostStatus) => {
    progress.status = status;
    if (status === shownStatus) return;
    shownStatus = status;
    upsertSearchAttributes([{ key: POST_STATUS, value: status }]);
  };
  if (startAttributes.get(SOURCE_CHANNEL) === undefined || shownStatus === undefined) {
    shownStatus = 'received';
    upsertSearchAttributes([
      { key: SOURCE_CHANNEL, value: sourceKey(post.source) },
      { key: POST_STATUS, value: 'received' },
    ]);
  }

  const finish = (result: Omit<ProcessPostResult, 'postId'>): ProcessPostResult => {
    if (result.status === 'published' || result.status === 'duplicate' || result.status === 'not_car') logOutcome(result.status, progress.step, { postId });
    enter('done');
    setStatus(result.status);
    return { postId: postId ?? 0, ...result };
  };

  try {
    const intake = await db.intakePost(post);
    postId = intake.postId;
    if (intake.outcome === 'duplicate') return finish({ status: 'duplicate', duplicateOf: intake.duplicateOf });
    if (intake.outcome === 'finished') return finish({ status: intake.status, classification: intake.classification, publishedMessageIds: intake.publishedMessageIds });

    const aiDeadline = Date.now() + AI_STAGE_BUDGET.ms;
    enter('classify');
    const { classification, accepted } = await aiWithin(aiDeadline).classifyPost(postId);
    if (!accepted) return finish({ status: 'not_car', classification });
    setStatus('extracting');

    enter('extract');
    const extracted = await aiWithin(aiDeadline).extractPostFields(postId);
    const make = searchableCarMake(extracted.make);
    if (make) upsertSearchAttributes([{ key: CAR_MAKE, value: make }]);

    enter('describe');
    const description = await aiWithin(aiDeadline).describePost(postId);

    enter('publish');
    await waitForQuietHours(input, progress);
    // publishListing shows 'publishing' and then 'published' itself.
    progress.status = 'publishing';
    const published = await publishListing(postId);
    shownStatus = 'published';
    return finish({ status: 'published', classification, extracted, description, publishedMessageIds: published.messageIds });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const step = progress.step;
    if (failureType(err) === DB_FAILURE.becameDuplicate) {
      const cause = err.cause as ApplicationFailure;
      return finish({ status: 'duplicate', duplicateOf: Number(cause.details?.[0]) });
    }
    const failure = describePostFailure(err, step, AI_STAGE_BUDGET.text);
    if (postId !== undefined) await db.failPost(postId, { step, error: failure.reason });
    setStatus('failed');
    logOutcome(failure.type === POST_FAILURE.expired ? 'expired' : 'failed', step, { postId, failureType: failure.type });
    throw postFailed(failure, { workflowId, postId, step });
  }
}
