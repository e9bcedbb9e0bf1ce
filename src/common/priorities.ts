/**
 * Who goes first when a queue is backed up: Temporal priority keys (1 first … 5 last), one table
 * for every start. Activities and child workflows inherit their workflow's key, so a key set here
 * orders every step of that work on every queue it touches. Within one key, fairness shares the
 * workers between source channels (the fairness key), so a flooding channel can't starve the rest.
 *
 * | key | work | why |
 * |---|---|---|
 * | 1 | a subscriber's contact request (`sendContactInfo`) | a person is waiting in the bot for the answer |
 * | 2 | live posts: channel posts the bot gets, forwarded posts, `POST /posts`, `post submit --json`; a one-post retry; a job run by hand | fresh listings are what subscribers pay for; an operator waits for their own action |
 * | 3 | scheduled jobs (Temporal's default) | they run often and can wait a little |
 * | 4 | bulk: `--ingest`, `post submit --file`, bulk retries (`post retry --failed`, `POST /posts/retry-failed`) | a file or a batch has no one waiting on any single post |
 * | 5 | backfills: a channel's history caught up after downtime | oldest news; only worth the capacity nothing else wants |
 *
 * Workflow-safe: no I/O.
 */
import type { PriorityKey } from './posts';

export const PRIORITY = {
  /** A subscriber's contact request: ahead of everything. */
  contactRequest: 1,
  /** A post as it appears in a source channel (bot, API, one-post CLI submit, forward), a one-post retry, a job run by hand. */
  live: 2,
  /** Scheduled jobs: Temporal's default key. */
  scheduled: 3,
  /** Files of posts and bulk retries. */
  bulk: 4,
  /** Catching up a channel's history. */
  backfill: 5,
} as const satisfies Record<string, PriorityKey>;

/** One of the table's rows, by name. */
export type PriorityClass = keyof typeof PRIORITY;
