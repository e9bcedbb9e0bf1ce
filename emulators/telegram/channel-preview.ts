/**
 * The public web preview of a channel, `GET /s/<username>`, shaped like Telegram's own
 * (`t.me/s/<username>`): no login, the channel's latest posts oldest first inside
 * `.tgme_channel_history`, each post a `.tgme_widget_message` with `data-post="<username>/<id>"`,
 * its text in `.tgme_widget_message_text` (line breaks as `<br/>`, emoji wrapped in
 * `<i class="emoji">`), its time in `<time datetime>`, photos as `background-image` URLs of
 * `.tgme_widget_message_photo_wrap` links, an album as one post with its photos in
 * `.tgme_widget_message_grouped_wrap`, and a "more" link `?before=<first id>` to older posts.
 * `?before=N` shows the posts before message N, `?after=N` those after it.
 *
 * Only public channels (ones with a username) have a preview; for any other name Telegram
 * redirects to the channel's (or nobody's) plain page, and so does this.
 */
import type { Message, MessageEntity } from 'grammy/types';
import type { ChatEntry } from './state';
import { EntityTags, escapeHtml } from './entity-html';
import { groupMediaMessages, groupText } from './message-groups';

/** Posts (an album counts as one) per page, as on t.me. */
export const PREVIEW_PAGE_SIZE = 20;

/** Where the preview's photo URLs point: `<base>/file/preview/<file_unique_id>.jpg`. */
export const PREVIEW_FILE_PATH = '/file/preview/';

/** A page request: `before` and `after` are message ids, as in the real query string. */
export interface PreviewRequest {
  before?: number;
  after?: number;
}

/** One post as the preview shows it: a single message or an album's messages. */
interface PreviewPost {
  messages: Message[];
}

/** The preview page of a channel. */
export function renderChannelPreview(entry: ChatEntry, request: PreviewRequest, baseUrl: string): string {
  const username = entry.chat.username!;
  const posts = groupMediaMessages([...entry.messages.values()].sort((a, b) => a.message_id - b.message_id)).map((messages): PreviewPost => ({ messages }));
  const firstId = (p: PreviewPost) => p.messages[0].message_id;
  const lastId = (p: PreviewPost) => p.messages[p.messages.length - 1].message_id;
  let page: PreviewPost[];
  if (request.after !== undefined) page = posts.filter((p) => firstId(p) > request.after!).slice(0, PREVIEW_PAGE_SIZE);
  else page = posts.filter((p) => request.before === undefined || lastId(p) < request.before).slice(-PREVIEW_PAGE_SIZE);
  const older = page.length > 0 && posts.some((p) => lastId(p) < firstId(page[0]));
  const title = escapeHtml(entry.chat.title ?? username);

  const more = older
    ? `<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/${username}?before=${firstId(page[0])}" class="tme_messages_more js-messages_more" data-before="${firstId(page[0])}"></a></div>`
    : '';
  const body = page.length > 0 ? page.map((p) => renderPost(username, title, p, baseUrl)).join('\n') : '<div class="tme_no_messages_found">No posts found</div>';
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${title} – Telegram</title>
<meta property="og:title" content="${title}">
<link rel="canonical" href="${baseUrl}/s/${username}">
</head>
<body class="widget_frame_base tgme_body">
<header class="tgme_header search_collapsed"><div class="tgme_header_info"><div class="tgme_channel_info_header_title"><span dir="auto">${title}</span></div><div class="tgme_channel_info_header_username"><a href="${baseUrl}/${username}">@${username}</a></div></div></header>
<main class="tgme_main">
<section class="tgme_channel_history js-message_history">
${more}
${body}
</section>
</main>
</body>
</html>
`;
}

function renderPost(username: string, title: string, post: PreviewPost, baseUrl: string): string {
  const first = post.messages[0];
  const id = first.message_id;
  const { text, entities } = groupText(post.messages);
  const edited = post.messages.some((m) => m.edit_date !== undefined);
  const photos = post.messages.filter((m) => m.photo && m.photo.length > 0);
  const photoWrap = (m: Message, grouped: boolean) => {
    const largest = m.photo![m.photo!.length - 1];
    const href = `${baseUrl}/${username}/${m.message_id}${grouped ? '?single' : ''}`;
    return `<a class="tgme_widget_message_photo_wrap${grouped ? ' grouped_media_wrap' : ''} blured js-message_photo" style="width:${largest.width}px;background-image:url('${baseUrl}${PREVIEW_FILE_PATH}${largest.file_unique_id}.jpg')" data-ratio="${(largest.width / largest.height).toFixed(4)}" href="${href}"><div class="tgme_widget_message_photo" style="padding-top:${((largest.height / largest.width) * 100).toFixed(4)}%"></div></a>`;
  };
  const media =
    photos.length > 1
      ? `<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap"><div class="tgme_widget_message_grouped js-message_grouped"><div class="tgme_widget_message_grouped_layer js-message_grouped_layer">${photos.map((m) => photoWrap(m, true)).join('')}</div></div></div>`
      : photos.length === 1
        ? photoWrap(photos[0], false)
        : '';
  const textHtml = text ? `<div class="tgme_widget_message_text js-message_text" dir="auto">${renderText(text, entities)}</div>` : '';
  const iso = new Date((first.date ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const hhmm = iso.slice(11, 16);
  return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="${username}/${id}" data-view="${Buffer.from(`${username}/${id}`).toString('base64url')}">
<div class="tgme_widget_message_user"><a href="${baseUrl}/${username}"><i class="tgme_widget_message_user_photo bgcolor0" data-content="${title.slice(0, 1)}"></i></a></div>
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="${baseUrl}/${username}"><span dir="auto">${title}</span></a></div>
${media}${textHtml}
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info"><span class="tgme_widget_message_views">1</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta">${edited ? '<span class="tgme_widget_message_edited">edited</span> ' : ''}<a class="tgme_widget_message_date" href="${baseUrl}/${username}/${id}"><time datetime="${iso}" class="time">${hhmm}</time></a></span></div></div>
</div>
</div></div>`;
}

const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

/**
 * A post's text as the preview writes it: escaped, bold/italic/links from the entities, line
 * breaks as `<br/>`, each emoji in `<i class="emoji"><b>…</b></i>` as t.me draws them.
 */
function renderText(text: string, entities: readonly MessageEntity[]): string {
  const tags = new EntityTags();
  const tag = (offset: number, length: number, open: string, close: string) => tags.tag(offset, length, open, close);
  for (const e of entities) {
    if (e.type === 'bold') tag(e.offset, e.length, '<b>', '</b>');
    else if (e.type === 'italic') tag(e.offset, e.length, '<i>', '</i>');
    else if (e.type === 'text_link') tag(e.offset, e.length, `<a href="${escapeHtml(e.url)}" target="_blank" rel="noopener">`, '</a>');
  }
  return tags.render(text, (run) => escapeHtml(run).replace(EMOJI, (e) => `<i class="emoji"><b>${e}</b></i>`).replace(/\n/g, '<br/>'));
}


/** A small valid JPEG, served for every preview photo. */
export const PREVIEW_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
