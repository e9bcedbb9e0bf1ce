/**
 * The Telegram bot (grammY): intake from source channels and admins' forwards, the contact
 * button's `/start contact_<post>`, and the admin commands. Every handler only starts or reads
 * workflows and reads the database; how updates arrive (long polling or webhook) is
 * `run-bot.ts`'s business.
 */
import type { Bot, Context } from 'grammy';
import type { Message } from 'grammy/types';
import { describeError, errorBoundary, SORRY } from './error-boundary';
import { AlbumCollector } from './album-collector';
import { isAdmin, type BotDeps } from './bot-deps';
import { takeChannelPost } from './channel-posts';
import { healthReply } from './commands/health';
import { helpText } from './commands/help';
import { postReply } from './commands/post';
import { retryReply } from './commands/retry';
import { runReply } from './commands/run';
import { statsReply } from './commands/stats';
import { requestContacts } from '../client/contact-request';
import { contactPayload } from './contact-payload';
import { takeForwardedPost } from './forwarded-posts';
import { retryAfter } from './retry-after';
import { createBotClient, type BotConnection } from '../workers/clients';

export type { BotConnection } from '../workers/clients';

/** The bot and what must happen before it stops. */
export interface CarsBot {
  bot: Bot;
  /** Hands over albums still being collected and waits until their posts are started. */
  drain(): Promise<void>;
}

interface Forward {
  message: Message;
  ctx: Context;
}

const ADMIN_COMMANDS = ['stats', 'health', 'run', 'post', 'retry'] as const;

/** Builds the bot with all its handlers (not started). */
export function createBot(connection: BotConnection, deps: BotDeps): CarsBot {
  const bot = createBotClient(connection);
  // No Temporal behind the bot's replies: a person is waiting, so a short retry_after is waited out.
  bot.api.config.use(retryAfter());
  const waitMs = deps.albumWaitMs ?? 1_500;
  const logAlbumError = (err: unknown) => deps.log.error('album intake failed', { error: describeError(err) });

  const channelAlbums = new AlbumCollector<Message>(waitMs, (messages) => takeChannelPost(deps, messages), logAlbumError);
  const forwardedAlbums = new AlbumCollector<Forward>(
    waitMs,
    async (parts) => {
      const { ctx } = parts[0];
      try {
        await ctx.reply(await takeForwardedPost(deps, parts.map((p) => p.message), ctx.from?.id ?? 0));
      } catch (err) {
        logAlbumError(err);
        await ctx.reply(SORRY);
      }
    },
    logAlbumError,
  );

  bot.use(errorBoundary(deps.log));

  bot.on('channel_post', async (ctx) => {
    const post = ctx.channelPost;
    if (post.media_group_id) channelAlbums.add(`${post.chat.id}:${post.media_group_id}`, post);
    else await takeChannelPost(deps, [post]);
  });

  // A forward is a post, whatever its text says (even a command), so it is looked at first.
  bot.chatType('private').on('message:forward_origin', async (ctx) => {
    if (!isAdmin(deps, ctx.from.id)) {
      await ctx.reply('Thanks! Only the bot\'s admins can submit posts by forwarding them.');
      return;
    }
    const message = ctx.message;
    if (message.media_group_id) forwardedAlbums.add(`${message.chat.id}:${message.media_group_id}`, { message, ctx });
    else await ctx.reply(await takeForwardedPost(deps, [message], ctx.from.id));
  });

  // Admin commands answer anywhere an admin writes them; others are told politely they can't.
  bot.command([...ADMIN_COMMANDS], async (ctx, next) => {
    if (isAdmin(deps, ctx.from?.id)) return next();
    deps.log.info('admin command refused', { command: ctx.message?.text?.split(/\s/)[0], userId: ctx.from?.id });
    await ctx.reply('Sorry, this command is for the bot\'s admins only.');
  });
  bot.command('stats', async (ctx) => ctx.reply(await statsReply(deps)));
  bot.command('health', async (ctx) => ctx.reply(await healthReply(deps)));
  bot.command('run', async (ctx) => ctx.reply(await runReply(deps, ctx.match.trim())));
  bot.command('post', async (ctx) => ctx.reply(await postReply(deps, ctx.match.trim())));
  bot.command('retry', async (ctx) => ctx.reply(await retryReply(deps, ctx.match.trim(), ctx.from?.id)));

  // Private chats. The composer takes its place in the chain here, so its handlers run after the ones above.
  const dm = bot.chatType('private');

  dm.command('start', async (ctx) => {
    const postId = contactPayload(ctx.match);
    if (postId === undefined) {
      await ctx.reply(helpText(isAdmin(deps, ctx.from.id)));
      return;
    }
    const request = await requestContacts(deps.client, ctx.from.id, postId);
    deps.log.info(request.started ? 'contact request started' : 'contact request repeated', { workflowId: request.workflowId });
  });

  dm.command('help', (ctx) => ctx.reply(helpText(isAdmin(deps, ctx.from.id))));

  dm.on('message', (ctx) => ctx.reply(helpText(isAdmin(deps, ctx.from.id))));

  return {
    bot,
    drain: async () => {
      await Promise.all([channelAlbums.flushAll(), forwardedAlbums.flushAll()]);
    },
  };
}
