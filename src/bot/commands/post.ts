/** `/post <id>`: where one post is — status, progress, what the AI found, where it was published. */
import { InvalidPostRefError, lookupPost, parsePostRef } from '../../client/post-lookup';
import { formatPostReport } from '../../client/post-report-text';
import type { BotDeps } from '../bot-deps';

/** The answer to `/post <id>`. */
export async function postReply(deps: BotDeps, id: string): Promise<string> {
  if (id === '') return 'Which post? /post <id>, with the post id (42) or its workflow id (post-cars_kz-1042).';
  try {
    const report = await lookupPost(deps.client, deps.store, parsePostRef(id));
    return report ? formatPostReport(report) : `No post ${id.slice(0, 80)} is known.`;
  } catch (err) {
    if (err instanceof InvalidPostRefError) return err.message;
    throw err;
  }
}
