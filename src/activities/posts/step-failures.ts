/**
 * Failures a pipeline step's database work can end in, shared by the post and AI activities:
 * data the database refuses (never better on a retry), and a retried post that lost its ad to
 * another copy meanwhile (the workflow ends it as that copy's duplicate).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { IllegalTransitionError } from '../../db';
import { type Post } from '../../common/post-model';
import { DB_FAILURE } from '../../common/failure-types';

const REASONS: Record<string, string> = {
  '22021': 'text with a byte sequence that is not valid UTF-8, such as a NUL character (\\u0000)',
  '22P05': 'a character PostgreSQL cannot store, such as a NUL character (\\u0000)',
  '22001': 'a value too long for its column',
  '22003': 'a number out of range',
  '22007': 'a badly formed date or time',
  '22008': 'a date or time out of range',
};

/**
 * PostgreSQL refusing the data itself (SQLSTATE class 22, "data exception": a NUL character,
 * bad encoding, a value out of range) answers the same on every retry, so the step fails at
 * once. The reason is named by its SQLSTATE: the server's own text can quote the value (personal
 * data), so it is not passed on. Undefined for any other error, which stays retryable.
 */
export function asDataRefusal(err: unknown): ApplicationFailure | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined;
  const reason = REASONS[code] ?? 'data it cannot store';
  return ApplicationFailure.create({ type: DB_FAILURE.dataRefused, message: `the database refused the post: ${reason} (SQLSTATE ${code})`, nonRetryable: true });
}

/** A retried post that another copy of its ad replaced while it was failed: its details carry that copy's id. */
export function becameDuplicate(post: Post): ApplicationFailure {
  return ApplicationFailure.create({
    type: DB_FAILURE.becameDuplicate,
    message: `post ${post.id} is now a duplicate of post ${post.duplicateOf}: another copy of the ad took its place while it was failed`,
    nonRetryable: true,
    details: [post.duplicateOf],
  });
}

/** Runs a store call; an illegal move is a bug and data the database refuses stays refused: neither is retried. */
export async function storeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof IllegalTransitionError) throw ApplicationFailure.nonRetryable(err.message, DB_FAILURE.illegalTransition);
    throw asDataRefusal(err) ?? err;
  }
}
