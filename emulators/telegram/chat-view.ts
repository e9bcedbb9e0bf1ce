/**
 * A human view of the emulated chats: `GET /chats` lists every chat with its message count, and
 * `GET /chats/<id or username>` shows one chat as a Telegram client would draw it, oldest message
 * first: text and captions with their formatting (bold, italic, underline, strikethrough, code,
 * links, spoilers from the stored entities, which is what HTML parse mode becomes), photo
 * placeholders, an album as one bubble, inline keyboards as buttons, and an "edited" mark.
 * Everything a message carries is escaped: a post's text can't inject markup into the page.
 * The page reloads itself every few seconds while open (`?refresh=0` turns that off).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InlineKeyboardButton, Message, MessageEntity } from 'grammy/types';
import type { TelegramEmulatorCore } from './emulator-core';
import { EntityTags } from './entity-html';
import { groupMediaMessages, groupText } from './message-groups';
import type { ChatEntry } from './state';

const INDEX_PATH = /^\/chats\/?$/;
const CHAT_PATH = /^\/chats\/(-?\d{1,20}|@?[A-Za-z][A-Za-z0-9_]{3,31})\/?$/;

/** Answers `/chats` and `/chats/<chat>`; returns false for other paths. */
export function handleChatView(req: IncomingMessage, res: ServerResponse, url: URL, core: TelegramEmulatorCore): boolean {
  const index = INDEX_PATH.test(url.pathname);
  const chat = CHAT_PATH.exec(url.pathname);
  if (!index && !chat) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const refresh = url.searchParams.get('refresh') === '0' ? 0 : 5;
  let status = 200;
  let html: string;
  if (index) html = renderChatIndex(core.state.listChats().map((c) => core.state.resolveChat(c.chat.id)!));
  else {
    const ref = /^-?\d+$/.test(chat![1]) ? Number(chat![1]) : `@${chat![1].replace(/^@/, '')}`;
    const entry = core.state.resolveChat(ref);
    if (entry) html = renderChatPage(entry, refresh);
    else {
      status = 404;
      html = page('Chat not found', `<p class="empty">No chat ${escapeHtml(chat![1])} in this emulator. <a href="/chats">All chats</a></p>`, 0);
    }
  }
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : html);
  return true;
}

/** The link to a chat's page: by username where it has one, else by id. */
export function chatViewPath(chat: { id: number; username?: string }): string {
  return `/chats/${chat.username ? chat.username.replace(/^@/, '') : chat.id}`;
}

/** The index: one row per chat with its kind, the bot's status in it and its message count. */
export function renderChatIndex(entries: readonly ChatEntry[]): string {
  const rows = entries.map((e) => {
    const name = chatTitle(e);
    const handle = e.chat.username ? `@${e.chat.username}` : String(e.chat.id);
    return `<li><a href="${escapeHtml(chatViewPath(e.chat))}">${escapeHtml(name)}</a> <span class="meta">${escapeHtml(handle)} · ${e.chat.type} · bot ${e.botStatus} · ${e.messages.size} message${e.messages.size === 1 ? '' : 's'}</span></li>`;
  });
  return page('Chats', rows.length > 0 ? `<ul class="chats">${rows.join('')}</ul>` : '<p class="empty">No chats.</p>', 0);
}

/** One chat's messages as bubbles, oldest first. */
export function renderChatPage(entry: ChatEntry, refreshSeconds = 0): string {
  const messages = [...entry.messages.values()].sort((a, b) => a.message_id - b.message_id);
  const groups = groupMediaMessages(messages);
  const body = groups.length > 0 ? groups.map(renderBubble).join('\n') : '<p class="empty">No messages yet.</p>';
  const handle = entry.chat.username ? `@${entry.chat.username}` : String(entry.chat.id);
  return page(chatTitle(entry), `<p class="meta"><a href="/chats">All chats</a> · ${escapeHtml(handle)} · ${messages.length} message${messages.length === 1 ? '' : 's'}</p>\n<section class="history">\n${body}\n</section>`, refreshSeconds);
}

function renderBubble(group: Message[]): string {
  const first = group[0];
  const { text, entities } = groupText(group);
  const photos = group.filter((m) => m.photo && m.photo.length > 0);
  const media =
    photos.length > 0
      ? `<div class="media${photos.length > 1 ? ' album' : ''}">${photos
          .map((m) => {
            const largest = m.photo![m.photo!.length - 1];
            return `<div class="photo" data-message-id="${m.message_id}">📷 photo ${largest.width}×${largest.height}</div>`;
          })
          .join('')}</div>`
      : '';
  const other = !text && photos.length === 0 ? `<div class="text meta">(${escapeHtml(messageKind(first))})</div>` : '';
  const textHtml = text ? `<div class="text">${renderFormattedText(text, entities)}</div>` : '';
  const keyboard = group.map((m) => m.reply_markup).find((k) => k && 'inline_keyboard' in k);
  const buttons = keyboard ? `<div class="keyboard">${keyboard.inline_keyboard.map((row) => `<div class="row">${row.map(renderButton).join('')}</div>`).join('')}</div>` : '';
  const edited = group.some((m) => m.edit_date !== undefined) ? 'edited ' : '';
  const time = new Date((first.date ?? 0) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const ids = group.map((m) => m.message_id).join(',');
  return `<article class="bubble" data-message-ids="${ids}">${media}${textHtml}${other}<div class="footer">${edited}#${first.message_id} · <time datetime="${new Date((first.date ?? 0) * 1000).toISOString()}">${time} UTC</time></div>${buttons}</article>`;
}

function renderButton(button: InlineKeyboardButton): string {
  const label = escapeHtml(button.text);
  if ('url' in button && button.url) return `<a class="button" href="${escapeHtml(safeHref(button.url))}" target="_blank" rel="noopener noreferrer">${label} ↗</a>`;
  const data = 'callback_data' in button ? ` data-callback="${escapeHtml(button.callback_data)}"` : '';
  return `<span class="button"${data}>${label}</span>`;
}

function messageKind(m: Message): string {
  const known = ['document', 'video', 'sticker', 'contact', 'location', 'poll', 'animation', 'voice', 'audio'] as const;
  return known.find((k) => k in m) ?? 'message';
}

/**
 * Text with its entities as HTML. Entities count UTF-16 code units, as JavaScript strings do;
 * nested entities open and close in order, and every run of text between them is escaped.
 */
export function renderFormattedText(text: string, entities: readonly MessageEntity[]): string {
  const tags = new EntityTags();
  const tag = (e: MessageEntity, open: string, close: string) => tags.tag(e.offset, e.length, open, close);
  for (const e of entities) {
    if (e.type === 'bold') tag(e, '<b>', '</b>');
    else if (e.type === 'italic') tag(e, '<i>', '</i>');
    else if (e.type === 'underline') tag(e, '<u>', '</u>');
    else if (e.type === 'strikethrough') tag(e, '<s>', '</s>');
    else if (e.type === 'spoiler') tag(e, '<span class="spoiler">', '</span>');
    else if (e.type === 'code') tag(e, '<code>', '</code>');
    else if (e.type === 'pre') tag(e, '<pre>', '</pre>');
    else if (e.type === 'blockquote' || e.type === 'expandable_blockquote') tag(e, '<blockquote>', '</blockquote>');
    else if (e.type === 'text_link') tag(e, `<a href="${escapeHtml(safeHref(e.url))}" target="_blank" rel="noopener noreferrer">`, '</a>');
    else if (e.type === 'url') {
      const href = safeHref(text.slice(e.offset, e.offset + e.length));
      tag(e, `<a href="${escapeHtml(/^[a-z]+:/i.test(href) ? href : `http://${href}`)}" target="_blank" rel="noopener noreferrer">`, '</a>');
    }
  }
  return tags.render(text, (run) => escapeHtml(run).replace(/\n/g, '<br>'));
}

/** Only web and Telegram links become clickable; anything else (javascript:, data:) points nowhere. */
function safeHref(url: string): string {
  return /^(https?:|tg:|mailto:)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : '#';
}

function chatTitle(e: ChatEntry): string {
  const c = e.chat as { title?: string; first_name?: string; last_name?: string; username?: string };
  return c.title ?? ([c.first_name, c.last_name].filter(Boolean).join(' ') || c.username || String(e.chat.id));
}

function page(title: string, body: string, refreshSeconds: number): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds > 0 ? `<meta http-equiv="refresh" content="${refreshSeconds}">\n` : ''}<title>${escapeHtml(title)} – Telegram emulator</title>
<style>
body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#8fb08a linear-gradient(#9cc396,#7fa57b);min-height:100vh}
header{background:#517da2;color:#fff;padding:10px 16px;font-weight:600}
main{max-width:560px;margin:0 auto;padding:12px}
a{color:#168acd}.meta{color:#707579;font-size:13px}.empty{background:#fff;padding:12px;border-radius:8px}
ul.chats{list-style:none;padding:0;background:#fff;border-radius:8px}ul.chats li{padding:10px 14px;border-bottom:1px solid #eee}
.history{display:flex;flex-direction:column;gap:8px}
.bubble{background:#fff;border-radius:10px;padding:6px 10px;box-shadow:0 1px 2px rgba(0,0,0,.15);word-wrap:break-word}
.media{display:grid;gap:2px;margin:-6px -10px 6px;border-radius:10px 10px 0 0;overflow:hidden}.media.album{grid-template-columns:1fr 1fr}
.photo{background:#c9d6df;color:#48627a;display:flex;align-items:center;justify-content:center;aspect-ratio:4/3;font-size:13px}
.footer{color:#a0acb6;font-size:12px;text-align:right}
.keyboard{margin:6px -6px -2px}.row{display:flex;gap:4px;margin-top:4px}
.button{flex:1;text-align:center;background:#e9f1f8;color:#168acd;border-radius:6px;padding:6px;text-decoration:none;font-weight:500}
.spoiler{background:#ccc;color:transparent}.spoiler:hover{color:inherit}
code,pre{font-family:ui-monospace,monospace;background:#f1f1f1;border-radius:3px}blockquote{border-left:3px solid #168acd;margin:4px 0;padding-left:8px}
</style>
</head>
<body>
<header>${escapeHtml(title)}</header>
<main>
${body}
</main>
</body>
</html>
`;
}


/** Escapes quotes of both kinds too: the chat view puts text into attributes either way. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
