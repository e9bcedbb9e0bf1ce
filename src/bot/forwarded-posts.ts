/**
 * An admin forwarding a channel post to the bot submits it, whatever channel it came from: the
 * admin's choice overrides the Channels sheet. The post keeps its origin (channel and message
 * id), so it gets the same workflow id as if the channel had delivered it, and is processed once.
 */
import type { Message } from 'grammy/types';
import { startPostWorkflow } from '../client/start-post';
import type { BotDeps } from './bot-deps';
import { chatSource, messagesToPost } from './message-to-post';

/** Submits a forwarded message or album; returns the answer for the admin. */
export async function takeForwardedPost(deps: BotDeps, messages: readonly Message[], adminId: number): Promise<string> {
  const origins = messages.map((m) => m.forward_origin).filter((o) => o !== undefined);
  const origin = origins[0];
  if (origin?.type !== 'channel') {
    return 'I can only take posts forwarded from a channel: this one does not say which channel and message it came from.';
  }
  const messageId = Math.min(...origins.map((o) => (o.type === 'channel' ? o.message_id : Number.MAX_SAFE_INTEGER)));
  const post = messagesToPost(messages, { source: chatSource(origin.chat), messageId, date: origin.date });
  if (!post) return 'This post has no text and no photo, so there is nothing to process.';
  const started = await startPostWorkflow(deps.client, post);
  deps.log.info(started.started ? 'forwarded post submitted' : 'forwarded post seen before', { workflowId: started.workflowId, adminId });
  return started.started
    ? `Submitted as ${started.workflowId}.\n/post ${started.workflowId} shows its progress.`
    : `This post was submitted before (${started.workflowId}).\n/post ${started.workflowId} shows where it is.`;
}
