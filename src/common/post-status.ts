/**
 * The life of a post as a table of allowed moves. The store enforces it; workflow code
 * names statuses and search-attribute values with it, so this module imports nothing.
 */

/** Every status a post can have, in pipeline order. */
export const POST_STATUSES = [
  'received',
  'duplicate',
  'not_car',
  'extracting',
  'ready',
  'publishing',
  'published',
  'failed',
] as const;

/** Where a post is in the pipeline; also the `status` search attribute's values. */
export type PostStatus = (typeof POST_STATUSES)[number];

/**
 * Where a post may go next. Terminal statuses have no moves, so a finished post is never
 * reopened by a late retry; every non-terminal status may end in `failed`. A failed post is
 * final until an operator retries it: the retried run takes it back to the step it failed at
 * (or on to duplicate, when another copy of the ad took its place meanwhile).
 */
const NEXT: Readonly<Record<PostStatus, readonly PostStatus[]>> = {
  received: ['duplicate', 'not_car', 'extracting', 'failed'],
  extracting: ['ready', 'failed'],
  ready: ['publishing', 'failed'],
  publishing: ['published', 'failed'],
  failed: ['duplicate', 'not_car', 'extracting', 'ready', 'publishing', 'published'],
  duplicate: [],
  not_car: [],
  published: [],
};

/** How far along the pipeline each live status is: a step never moves a post backwards. */
const PIPELINE_RANK: Readonly<Partial<Record<PostStatus, number>>> = { received: 0, extracting: 1, ready: 2, publishing: 3, published: 4 };

/** Statuses a post never leaves; a workflow that sees one has nothing left to do. */
export const TERMINAL_POST_STATUSES: readonly PostStatus[] = POST_STATUSES.filter((s) => NEXT[s].length === 0);

/** Statuses a post's workflow ends in: the terminal ones, and failed (which a retry may reopen). */
export const FINAL_POST_STATUSES: readonly PostStatus[] = [...TERMINAL_POST_STATUSES, 'failed'];

/** Narrows text read from outside (search attributes, HTTP queries) to a status. */
export function isPostStatus(value: string): value is PostStatus {
  return (POST_STATUSES as readonly string[]).includes(value);
}

/** True once the post has reached the end of the pipeline (failed is not: it can be retried). */
export function isTerminalPostStatus(status: PostStatus): boolean {
  return NEXT[status].length === 0;
}

/**
 * Whether `from → to` is a move of the table. Staying in the same status is not a move; the
 * store treats it as an idempotent retry.
 */
export function isAllowedTransition(from: PostStatus, to: PostStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Whether a post in `current` has already got as far as `target` (or further, or ended): a
 * step repeated by a retry or a reset then leaves it where it is instead of moving it back.
 */
export function hasReached(current: PostStatus, target: PostStatus): boolean {
  if (current === target || isTerminalPostStatus(current)) return true;
  const from = PIPELINE_RANK[current];
  const to = PIPELINE_RANK[target];
  return from !== undefined && to !== undefined && from > to;
}
