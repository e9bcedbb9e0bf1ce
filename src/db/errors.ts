/**
 * Typed errors of the storage layer. Activities let them surface with their `name` as the
 * failure type, so retry policies can mark them non-retryable; messages never carry secrets.
 */
import type { PostStatus } from '../common/post-status';

/** A status change the pipeline does not allow, e.g. a published post moved back to ready. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly postId: number,
    readonly from: PostStatus,
    readonly to: PostStatus,
  ) {
    super(`post ${postId} cannot move from ${from} to ${to}`);
  }
}

/** An operation named a post id that is not (or no longer) in the database. */
export class PostNotFoundError extends Error {
  override readonly name = 'PostNotFoundError';

  constructor(readonly postId: number) {
    super(`post ${postId} does not exist`);
  }
}

/**
 * The database could not be opened. The message names the server with its password masked
 * and keeps only the cause's message, so it is safe to log and to show at start-up.
 */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';

  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(`cannot open the database at ${location}: ${reason}`);
  }
}

/** A migration failed; the schema is left at the last migration that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly migration: string | undefined,
    reason: string,
  ) {
    super(migration ? `migration ${migration} failed: ${reason}` : `migrations could not run: ${reason}`);
  }
}
