/**
 * The OpenAI steps of the pipeline, on the `ai` queue. Each reads the post from the database,
 * asks one question, records the tokens the call cost, checks the answer, and saves it on the
 * post (moving the post on) before returning it. A step whose answer is already saved returns
 * it without asking again, so a retry, a reset from the Web UI or an operator's retry of a
 * failed post never pays twice for an answer. What they return (the extraction has the seller's
 * contacts) is in the workflow history, encrypted by the data converter's codec like every
 * payload: see src/temporal/data-converter.ts.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import type { Store } from '../../db';
import type { Classification, ExtractedFields, Post, PostPatch } from '../../common/post-model';
import type { PostStatus } from '../../common/post-status';
import type { PostEvent } from '../../db/store/posts';
import { asDataRefusal, becameDuplicate } from '../posts/step-failures';
import { classificationSchema, extractionSchema } from './ai-schemas';
import { AI_FAILURE, DB_FAILURE } from '../../common/failure-types';
import { zodErrorLine } from '../../common/zod-errors';
import type { BackoffPolicy } from '../backoff';
import { toAiFailure } from './openai-failures';
import { processMetrics, type BusinessMetrics } from '../../observability/metrics';
import { postMessage, SYSTEM_PROMPTS } from './prompts';
import { sanitiseExtraction, trimDescription } from './answer-checks';
import { OpenAiRateGate } from './rate-gate';
import { heartbeatWhileRunning } from '../heartbeat-while-running';

export interface AiActivityDeps {
  openai: OpenAI;
  store: Pick<Store, 'addAiUsage' | 'advancePost' | 'getPost'>;
  models: { classify: string; extract: string; describe: string };
  /** A car-ad verdict below this confidence counts as not a car ad. */
  confidenceThreshold: number;
  /** Retry spacing for rate limits and server errors (default 2 s doubling to 10 min). */
  backoff?: BackoffPolicy;
  /** Holds calls back while OpenAI's rate-limit headers say the account is out (one per process). */
  rateGate?: OpenAiRateGate;
  /** Where calls and tokens are counted by step and model (default: the process's metrics). */
  metrics?: BusinessMetrics;
}

/** The pipeline step of each AI activity, as metrics label it. */
const STEP_OF: Record<string, string> = { classifyPost: 'classify', extractPostFields: 'extract', describePost: 'describe' };

export interface ClassifyResult {
  classification: Classification;
  /** Car ad with enough confidence: go on to extraction. */
  accepted: boolean;
}

/** Text with nothing to read (empty, emoji, punctuation): not worth an OpenAI call. */
function hasReadableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function createAiActivities({ openai, store, models, confidenceThreshold, backoff = { initialMs: 2_000, maxMs: 600_000 }, rateGate = new OpenAiRateGate(), metrics = processMetrics() }: AiActivityDeps) {
  async function loadPost(postId: number): Promise<Post> {
    const post = await store.getPost(postId);
    if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
    return post;
  }

  /** Saves a step's answer and moves the post on (a failed one is reopened by this); a post that lost its ad meanwhile ends the step. */
  async function save(postId: number, to: PostStatus, patch: PostPatch, event?: PostEvent): Promise<void> {
    let saved: Post;
    try {
      saved = await store.advancePost(postId, to, patch, event);
    } catch (err) {
      throw asDataRefusal(err) ?? err;
    }
    if (saved.status === 'duplicate') throw becameDuplicate(saved);
  }

  const verdict = (classification: Classification): ClassifyResult => ({ classification, accepted: classification.isCarAd && classification.confidence >= confidenceThreshold });

  /** One chat completion, with usage recorded even when the answer is unusable. */
  async function complete(postId: number, request: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<OpenAI.ChatCompletion> {
    const { attempt, scheduledTimestampMs, scheduleToCloseTimeoutMs, currentAttemptScheduledTimestampMs, activityType } = Context.current().info;
    let completion: OpenAI.ChatCompletion;
    await rateGate.ready();
    try {
      const { data, response } = await openai.chat.completions.create(request).withResponse();
      completion = data;
      rateGate.observe(response.headers, completion.usage?.total_tokens);
    } catch (err) {
      if (err instanceof OpenAI.APIError) rateGate.observe(err.headers);
      // On the server's clock (both times are its own), so it holds when a test server skips time too.
      const untilDeadline = scheduleToCloseTimeoutMs ? scheduledTimestampMs + scheduleToCloseTimeoutMs - currentAttemptScheduledTimestampMs : Infinity;
      throw toAiFailure(err, attempt, backoff, untilDeadline);
    }
    const usage = { calls: 1, promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 };
    const labels = { step: STEP_OF[activityType] ?? activityType, model: request.model };
    metrics.aiCalls.inc(labels);
    metrics.aiTokens.inc({ ...labels, type: 'prompt' }, usage.promptTokens);
    metrics.aiTokens.inc({ ...labels, type: 'completion' }, usage.completionTokens);
    await store.addAiUsage(postId, usage);
    return completion;
  }

  /** Asks for JSON in the schema's shape and validates it; anything else is non-retryable bad output. */
  async function structured<S extends z.ZodType>(postId: number, model: string, system: string, text: string, schema: S, name: string): Promise<z.infer<S>> {
    const format = zodResponseFormat(schema, name);
    const completion = await complete(postId, {
      model,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: postMessage(text) },
      ],
      response_format: format,
      temperature: 0,
    });
    const content = completion.choices[0]?.message?.content ?? '';
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw ApplicationFailure.nonRetryable(`the ${name} answer is not JSON`, AI_FAILURE.invalidOutput);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(`the ${name} answer does not match its schema: ${zodErrorLine(parsed.error)}`, AI_FAILURE.invalidOutput);
    }
    return parsed.data;
  }

  // Each heartbeats once it has run a while, so an attempt that never reached a worker is retried
  // after aiActivity's heartbeat timeout rather than its start-to-close timeout.
  return {
    /** Is it a car-sale ad? Posts without readable text are answered without a call. */
    classifyPost: heartbeatWhileRunning(async (postId: number): Promise<ClassifyResult> => {
      const post = await loadPost(postId);
      let result: ClassifyResult;
      if (post.classification) result = verdict(post.classification);
      else if (!hasReadableText(post.text)) result = { classification: { isCarAd: false, confidence: 1, reason: 'the post has no text to read' }, accepted: false };
      else {
        const answer = await structured(postId, models.classify, SYSTEM_PROMPTS.classify, post.text, classificationSchema, 'classification');
        result = verdict({ isCarAd: answer.is_car_ad, confidence: answer.confidence, reason: answer.reason });
      }
      await save(postId, result.accepted ? 'extracting' : 'not_car', { classification: result.classification });
      return result;
    }),

    /** The ad's facts; what the post doesn't say stays null. */
    extractPostFields: heartbeatWhileRunning(async (postId: number): Promise<ExtractedFields> => {
      const post = await loadPost(postId);
      if (post.extractedAt) {
        await save(postId, 'extracting', {});
        return post.extracted;
      }
      const answer = await structured(postId, models.extract, SYSTEM_PROMPTS.extract, post.text, extractionSchema, 'extraction');
      const extracted = sanitiseExtraction(answer);
      await save(postId, 'extracting', { extracted });
      return extracted;
    }),

    /** A short uniform description that fits a Telegram caption beside the listing's fields; the post is then ready. */
    describePost: heartbeatWhileRunning(async (postId: number): Promise<string> => {
      const post = await loadPost(postId);
      const ready: PostEvent = { type: 'post.ready', payload: { make: post.extracted.make, model: post.extracted.model } };
      if (post.description) {
        await save(postId, 'ready', {}, ready);
        return post.description;
      }
      const completion = await complete(postId, {
        model: models.describe,
        messages: [
          { role: 'system', content: SYSTEM_PROMPTS.describe },
          { role: 'user', content: postMessage(post.text) },
        ],
        temperature: 0.3,
      });
      const text = trimDescription(completion.choices[0]?.message?.content ?? '');
      if (!text) throw ApplicationFailure.nonRetryable('the description answer is empty', AI_FAILURE.invalidOutput);
      await save(postId, 'ready', { description: text }, ready);
      return text;
    }),
  };
}

export type AiActivities = ReturnType<typeof createAiActivities>;
