/**
 * Direct messages from the bot, on the `notifications` queue: seller contacts for subscribers,
 * an offer to everyone else, and alerts for the admins. Messages that carry personal data are
 * built here from the database, so contacts never appear in workflow inputs or histories.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Api } from 'grammy';
import { DB_FAILURE, INPUT_FAILURE, NOTIFY_FAILURE } from '../../common/failure-types';
import type { Store } from '../../db';
import type { Post } from '../../common/post-model';
import type { BackoffPolicy } from '../backoff';
import { escapeHtml } from './listing';
import { toTelegramFailure } from './telegram-failures';

export interface NotificationActivityDeps {
  api: Api;
  store: Pick<Store, 'getPost'>;
  adminIds: number[];
  backoff?: BackoffPolicy;
  /** IANA time zone of dates in messages (subscription end dates); default UTC. */
  timeZone?: string;
}

/** An end date as a user reads it, in English and Russian, in the operators' time zone. */
function endDate(iso: string, timeZone: string): { en: string; ru: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw ApplicationFailure.nonRetryable(`not a time: ${JSON.stringify(iso)}`, INPUT_FAILURE.notice);
  const options: Intl.DateTimeFormatOptions = { timeZone, dateStyle: 'long', timeStyle: 'short' };
  return { en: new Intl.DateTimeFormat('en-GB', options).format(date), ru: new Intl.DateTimeFormat('ru-RU', options).format(date) };
}

const russianPost = (post: Post) => /[а-яё]/i.test(post.description ?? post.text);

/** A link to the listing in a public channel (`@name` → t.me/name/123); none for private ids. */
function listingLink(post: Post): string | undefined {
  const chat = post.published?.chatId;
  const first = post.published?.messageIds[0];
  return chat?.startsWith('@') && first ? `https://t.me/${chat.slice(1)}/${first}` : undefined;
}

function title(post: Post): string {
  const f = post.extracted;
  return escapeHtml([f.make, f.model, f.year].filter(Boolean).join(' ') || `#${post.id}`);
}

export function createNotificationActivities({ api, store, adminIds, backoff = { initialMs: 1_000, maxMs: 300_000 }, timeZone = 'UTC' }: NotificationActivityDeps) {
  async function dm(chatId: number, html: string): Promise<number> {
    try {
      return (await api.sendMessage(chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } })).message_id;
    } catch (err) {
      throw toTelegramFailure(err, Context.current().info.attempt, backoff);
    }
  }
  async function loadPost(postId: number): Promise<Post> {
    const post = await store.getPost(postId);
    if (!post) throw ApplicationFailure.nonRetryable(`post ${postId} not found`, DB_FAILURE.postNotFound);
    return post;
  }

  return {
    /** The seller's contacts and a link to the listing, for a subscriber. */
    async sendContactDetails(userId: number, postId: number): Promise<number> {
      const post = await loadPost(postId);
      const ru = russianPost(post);
      const contacts = post.extracted.contacts.length > 0 ? post.extracted.contacts.map((c) => `• ${escapeHtml(c)}`).join('\n') : ru ? 'Продавец не оставил контактов в объявлении.' : 'The seller left no contacts in the ad.';
      const link = listingLink(post);
      const lines = [`📞 <b>${title(post)}</b>`, '', contacts];
      if (link) lines.push('', `<a href="${escapeHtml(link)}">${ru ? 'Объявление' : 'Listing'}</a>`);
      return dm(userId, lines.join('\n'));
    },

    /** What a user without an active subscription gets instead of the contacts. */
    async sendSubscriptionOffer(userId: number, postId: number): Promise<number> {
      const post = await loadPost(postId);
      const text = russianPost(post)
        ? `🔒 Контакты продавца <b>${title(post)}</b> доступны подписчикам.\nОформите подписку у администратора канала, и бот пришлёт контакты сразу.`
        : `🔒 The seller's contacts for <b>${title(post)}</b> are for subscribers.\nSubscribe through the channel admin and the bot will send them right away.`;
      return dm(userId, text);
    },

    /** A polite answer to a link that names no listing we know. */
    async sendUnknownPostNotice(userId: number): Promise<number> {
      return dm(userId, 'Sorry, this listing is no longer available. / Извините, это объявление больше недоступно.');
    },

    /** Warns a subscriber that their subscription ends soon, so they can renew before losing access. */
    async sendSubscriptionWarning(userId: number, expiresAt: string): Promise<number> {
      const { en, ru } = endDate(expiresAt, timeZone);
      return dm(
        userId,
        `⏳ Your subscription ends on <b>${escapeHtml(en)}</b>. Renew it with the channel admin to keep getting sellers' contacts.\n\n` +
          `⏳ Ваша подписка заканчивается <b>${escapeHtml(ru)}</b>. Продлите её у администратора канала, чтобы и дальше получать контакты продавцов.`,
      );
    },

    /** Tells a user their subscription has ended, so a refused contact request is no surprise. */
    async sendSubscriptionEnded(userId: number, expiresAt: string): Promise<number> {
      const { en, ru } = endDate(expiresAt, timeZone);
      return dm(
        userId,
        `🔒 Your subscription ended on <b>${escapeHtml(en)}</b>. Sellers' contacts are for subscribers: renew with the channel admin to get them again.\n\n` +
          `🔒 Ваша подписка закончилась <b>${escapeHtml(ru)}</b>. Контакты продавцов доступны подписчикам: продлите подписку у администратора канала.`,
      );
    },

    /** Tells every admin; an admin who blocked the bot does not stop the others. Returns how many got it. */
    async notifyAdmins(text: string): Promise<number> {
      let delivered = 0;
      const failures: string[] = [];
      for (const admin of adminIds) {
        try {
          await dm(admin, `⚠️ ${escapeHtml(text)}`);
          delivered += 1;
        } catch (err) {
          if (err instanceof ApplicationFailure && err.nonRetryable) failures.push(`${admin}: ${err.message}`);
          else throw err;
        }
      }
      if (adminIds.length > 0 && delivered === 0) throw ApplicationFailure.nonRetryable(`no admin could be reached: ${failures.join('; ')}`, NOTIFY_FAILURE.adminsUnreachable);
      return delivered;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
