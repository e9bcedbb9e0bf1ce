/**
 * Reads a channel's web preview page (`t.me/s/<username>`) into posts, with cheerio (the HTML
 * parser the field uses for exactly these pages): each `.tgme_widget_message[data-post]` is a
 * post, its text from `.tgme_widget_message_text` with `<br>` as line breaks, its time from
 * `<time datetime>`, its photos from the `background-image` of the photo links (an album's
 * photos each link to their own message, `…/<id>?single`), and the "more" link's `before`.
 * Pure: no I/O, so it is tested on pages as they come.
 */
import { load } from 'cheerio';
import type { ChannelPage, RawChannelPost } from './channel-reader';

/** The page is not a channel preview (t.me answered its plain page, or something else entirely). */
export class NotAPreviewPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAPreviewPageError';
  }
}

const BACKGROUND_URL = /background-image:\s*url\(\s*['"]?([^'")]+)['"]?\s*\)/i;

/** The posts of one preview page, oldest first, and where the next older page starts. */
export function parsePreviewPage(html: string, username: string): ChannelPage {
  const $ = load(html);
  if ($('.tgme_channel_history').length === 0) throw new NotAPreviewPageError(`the page of @${username} has no channel history: not a public channel's preview`);
  const posts: RawChannelPost[] = [];
  $('.tgme_widget_message[data-post]').each((_, node) => {
    const el = $(node);
    if (el.find('.service_message').length > 0) return;
    const ref = /\/(\d+)$/.exec(el.attr('data-post') ?? '');
    if (!ref) return;
    const messageId = Number(ref[1]);
    const bubble = el.find('.tgme_widget_message_bubble').first();
    // The post's own text, not the quoted text of a reply (nested deeper in the bubble).
    const textEl = bubble.children('.tgme_widget_message_text').first();
    textEl.find('br').replaceWith('\n');
    const text = textEl.text().trim();
    const photoLinks = bubble.find('.tgme_widget_message_photo_wrap');
    const photos: string[] = [];
    let lastMessageId = messageId;
    photoLinks.each((__, link) => {
      const url = BACKGROUND_URL.exec($(link).attr('style') ?? '')?.[1];
      if (url) photos.push(url);
      const own = /\/(\d+)(?:\?|$)/.exec($(link).attr('href') ?? '');
      if (own) lastMessageId = Math.max(lastMessageId, Number(own[1]));
    });
    const datetime = bubble.find('.tgme_widget_message_date time[datetime]').attr('datetime');
    const date = datetime && !Number.isNaN(Date.parse(datetime)) ? new Date(datetime).toISOString() : new Date(0).toISOString();
    const meta = bubble.find('.tgme_widget_message_meta');
    const edited = meta.find('.tgme_widget_message_edited').length > 0 || /\bedited\b/i.test(meta.text());
    if (text === '' && photos.length === 0) return; // a sticker, a poll, a video: nothing a listing can use
    posts.push({ messageId, lastMessageId, date, text, photos, edited });
  });
  posts.sort((a, b) => a.messageId - b.messageId);
  const before = $('.tme_messages_more[data-before]').first().attr('data-before');
  return { posts, ...(before && /^\d+$/.test(before) ? { olderBefore: Number(before) } : {}) };
}
