/**
 * Names shared by the post workflows and their starters: workflow ids, inputs and results,
 * the progress query. Workflow-safe: no I/O, no Node modules.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Classification, ExtractedFields } from './post-model';
import type { PostStatus } from './post-status';
import type { PostQuietHours } from './quiet-hours';

/** A post as intake hands it over (SPEC §8), after validation. */
export interface PostInput {
  /** `@username` or numeric chat id of the source channel. */
  source: string;
  messageId: number;
  /** 2, 3 … when an edit of the source post changed its ad and it is processed again; absent: 1. */
  revision?: number;
  /** ISO time the source published it. */
  date?: string;
  text: string;
  photos?: string[];
}

/** Temporal's priority keys: 1 runs first … 5 last; 3 is the default for new posts. */
export type PriorityKey = 1 | 2 | 3 | 4 | 5;

export interface ProcessPostInput {
  post: PostInput;
  /**
   * Our channel's quiet hours when the post was started; null: none. Absent (a post started
   * before the setting travelled with it, or by a starter that doesn't set it): the workflow reads
   * the worker's setting once, through a local activity, as it did before.
   */
  quietHours?: PostQuietHours | null;
}

export interface ProcessPostResult {
  postId: number;
  status: PostStatus;
  classification?: Classification;
  extracted?: ExtractedFields;
  description?: string;
  duplicateOf?: number;
  publishedMessageIds?: number[];
  error?: string;
}

/** Pipeline steps in order, for progress reporting. */
export const POST_STEPS = ['store', 'dedupe', 'classify', 'extract', 'describe', 'publish'] as const;
export type PostStep = (typeof POST_STEPS)[number] | 'done';

export interface PostProgress {
  step: PostStep;
  stepsDone: number;
  totalSteps: number;
  percent: number;
  status: PostStatus;
  /** A ready listing held back (quiet hours): until when (ISO time), and as shown ("waiting for 07:00"). */
  waiting?: { reason: 'quiet-hours'; until: string; text: string };
}

/** Where a post's workflow is; answered from workflow state, so it works while activities run. */
export const postProgressQuery = defineQuery<PostProgress>('progress');

/** The source as it appears in ids and search attributes: `@cars_kz` → `cars_kz`, ids unchanged. */
export function sourceKey(source: string): string {
  return source.trim().replace(/^@/, '').toLowerCase();
}

/**
 * One workflow per post: starting it again for the same post finds the same workflow. A revision
 * (an edit that changed the ad) has its own: `post-cars_kz-17-r2`.
 */
export function postWorkflowId(source: string, messageId: number, revision = 1): string {
  return `post-${sourceKey(source)}-${messageId}${revision > 1 ? `-r${revision}` : ''}`;
}

export interface PublishPostInput {
  postId: number;
}

/** A publication's outcome; a refused one ends the workflow Failed (`PublishFailed`) instead. */
export interface PublishPostResult {
  /** `duplicate`: a retried post whose ad another copy took meanwhile; nothing was sent. */
  status: 'published' | 'duplicate';
  chatId?: string;
  messageIds?: number[];
  duplicateOf?: number;
}

/** One publication per post: the child workflow's id, so a re-run finds the same one. */
export function publishWorkflowId(postId: number): string {
  return `publish-${postId}`;
}

export interface SendContactInfoInput {
  userId: number;
  postId: number;
}

export type ContactOutcome = 'sent' | 'offered' | 'unknown_post';

/** A contact request's workflow id: one per user, post and minute, so a double tap is one request. */
export function contactWorkflowId(userId: number, postId: number, at: Date): string {
  return `contact-${postId}-${userId}-${at.toISOString().slice(0, 16)}`;
}
