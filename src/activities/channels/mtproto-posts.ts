/**
 * GramJS's `Api.Message` objects into our channel posts: text (with text links made visible,
 * since a seller's contact is often a link behind a word), date, edits, photos and albums
 * (messages sharing a `groupedId` are one post named by its first message). Pure, so it is
 * tested on the library's own classes.
 */
import { Api } from 'telegram';
import type { RawChannelPost } from './channel-reader';

/**
 * A photo of a post read through MTProto. The Bot API can't fetch it by this reference: the
 * photo would have to be downloaded with the user account and uploaded by the bot, which is not
 * built yet, so such photos are not published (the listing goes out as text).
 */
export function mtprotoPhotoRef(channel: string, messageId: number, photoId: string): string {
  return `mtproto-photo:${channel.replace(/^@/, '')}/${messageId}/${photoId}`;
}

/** The message's text with each text link's URL after its words: `call me (https://t.me/seller)`. */
export function messageText(message: Api.Message): string {
  const text = message.message ?? '';
  const links = (message.entities ?? [])
    .filter((e): e is Api.MessageEntityTextUrl => e instanceof Api.MessageEntityTextUrl)
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const link of links) {
    const end = link.offset + link.length;
    if (end > out.length) continue;
    out = `${out.slice(0, end)} (${link.url})${out.slice(end)}`;
  }
  return out.trim();
}

function photoOf(channel: string, message: Api.Message): string | undefined {
  const media = message.media;
  if (!(media instanceof Api.MessageMediaPhoto) || !(media.photo instanceof Api.Photo)) return undefined;
  return mtprotoPhotoRef(channel, message.id, media.photo.id.toString());
}

/** Channel messages (any order) as posts, oldest first; service messages and empty media are left out. */
export function messagesToPosts(channel: string, messages: readonly Api.TypeMessage[]): RawChannelPost[] {
  const plain = messages.filter((m): m is Api.Message => m instanceof Api.Message).sort((a, b) => a.id - b.id);
  const posts: RawChannelPost[] = [];
  const albums = new Map<string, RawChannelPost>();
  for (const m of plain) {
    const text = messageText(m);
    const photo = photoOf(channel, m);
    const edited = m.editDate !== undefined && m.editDate !== null && !m.editHide;
    const group = m.groupedId?.toString();
    const album = group === undefined ? undefined : albums.get(group);
    if (album) {
      album.lastMessageId = Math.max(album.lastMessageId, m.id);
      if (photo) album.photos.push(photo);
      if (album.text === '' && text !== '') album.text = text;
      album.edited ||= edited;
      continue;
    }
    if (text === '' && !photo) continue; // a sticker, a poll, a video without caption: nothing a listing can use
    const post: RawChannelPost = { messageId: m.id, lastMessageId: m.id, date: new Date(m.date * 1000).toISOString(), text, photos: photo ? [photo] : [], edited };
    posts.push(post);
    if (group !== undefined) albums.set(group, post);
  }
  return posts;
}
