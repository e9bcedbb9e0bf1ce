/** `/retry <id>`: an admin runs a failed post again from where it failed (the CLI's `post retry`). */
import { InvalidPostRefError, parsePostRef } from '../../client/post-lookup';
import { retryPost, UnknownPostError } from '../../client/retry-post';
import type { BotDeps } from '../bot-deps';

/** The answer to `/retry <id>`. */
export async function retryReply(deps: BotDeps, id: string, adminId: number | undefined): Promise<string> {
  if (id === '') return 'Which post? /retry <id>, with the post id (42) or its workflow id (post-cars_kz-1042).';
  try {
    const outcome = await retryPost(deps.client, parsePostRef(id), { store: deps.store, reason: `retry from the bot by admin ${adminId ?? 'unknown'}` });
    if (!outcome.retried) return `Not retried: ${outcome.workflowId} ${outcome.reason}.`;
    deps.log.info('post retried from the bot', { workflowId: outcome.workflowId, runId: outcome.runId, how: outcome.how });
    return `🔁 Retrying ${outcome.workflowId} from where it failed (${outcome.how === 'reset' ? 'its failed run was reset' : 'started again'}). /post ${outcome.workflowId} shows how it goes.`;
  } catch (err) {
    if (err instanceof InvalidPostRefError || err instanceof UnknownPostError) return err.message;
    throw err;
  }
}
