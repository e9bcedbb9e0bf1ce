/**
 * Intake from the source channels: the bot is an admin there and gets every post as a
 * `channel_post`. A post from a channel active in the database (the Channels sheet) starts its
 * workflow; from any other channel it is ignored and logged, so a channel switched off in the
 * sheet stops feeding the pipeline within a sync.
 */
import type { Message } from 'grammy/types';
import { startPostWorkflow } from '../client/start-post';
import type { BotDeps } from './bot-deps';
import { chatRefs, chatSource, messagesToPost } from './message-to-post';

/** Starts the post made of one channel message or an album's messages, if its channel is active. */
export async function takeChannelPost(deps: BotDeps, messages: readonly Message[]): Promise<void> {
  const first = messages.reduce((a, b) => (b.message_id < a.message_id ? b : a));
  const source = chatSource(first.chat);
  if (!(await deps.store.isActiveChannel(chatRefs(first.chat)))) {
    deps.log.info('channel post ignored: not an active source channel', { chat: source, chatId: first.chat.id, messageId: first.message_id });
    return;
  }
  const post = messagesToPost(messages, { source, messageId: first.message_id, date: first.date });
  if (!post) {
    deps.log.debug('channel post ignored: no text or photo', { chat: source, messageId: first.message_id });
    return;
  }
  const started = await startPostWorkflow(deps.client, post);
  deps.log.info(started.started ? 'channel post submitted' : 'channel post seen before', {
    workflowId: started.workflowId,
    photos: post.photos?.length ?? 0,
  });
}
