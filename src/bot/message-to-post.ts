/**
 * A Telegram message (or an album's messages) as a post in the intake format (SPEC §8): the
 * text or caption, the largest size of each photo, the source and message id that make its
 * workflow id. Channel posts name their channel; forwarded posts name the channel they came from.
 */
import type { Chat, Message, PhotoSize } from 'grammy/types';
import { validatePostInput } from '../common/post-input';
import type { PostInput } from '../common/posts';

/** The file id of the largest size Telegram offers of a photo. */
export function largestPhoto(sizes: readonly PhotoSize[]): string | undefined {
  let best: PhotoSize | undefined;
  for (const size of sizes) {
    if (!best || size.width * size.height > best.width * best.height || (size.width * size.height === best.width * best.height && (size.file_size ?? 0) > (best.file_size ?? 0))) best = size;
  }
  return best?.file_id;
}

/** A chat as a post source: `@username` when public (as in the Channels sheet), else its numeric id. */
export function chatSource(chat: Pick<Chat, 'id'> & { username?: string }): string {
  return chat.username ? `@${chat.username}` : String(chat.id);
}

/** The references a chat may be listed under in the Channels sheet: its id and its username. */
export function chatRefs(chat: Pick<Chat, 'id'> & { username?: string }): string[] {
  return [String(chat.id), ...(chat.username ? [`@${chat.username}`] : [])];
}

/** Where a message came from: the source and the id of the message in it. */
export interface PostOrigin {
  source: string;
  messageId: number;
  /** Unix seconds. */
  date: number;
}

/**
 * One post from one message or an album's messages (in any order): the first message's id,
 * the caption wherever it is, every photo in album order. Undefined when there is nothing a
 * post could be made of (no text, no caption, no photo) or it isn't a valid post.
 */
export function messagesToPost(messages: readonly Message[], origin: PostOrigin): PostInput | undefined {
  const sorted = [...messages].sort((a, b) => a.message_id - b.message_id);
  const text = sorted.map((m) => m.text ?? m.caption).find((t) => t !== undefined && t.trim() !== '') ?? '';
  const photos = sorted.flatMap((m) => {
    const id = m.photo ? largestPhoto(m.photo) : undefined;
    return id ? [id] : [];
  });
  if (text === '' && photos.length === 0) return undefined;
  const checked = validatePostInput({
    source: origin.source,
    messageId: origin.messageId,
    date: new Date(origin.date * 1000).toISOString(),
    text,
    ...(photos.length > 0 ? { photos } : {}),
  });
  return checked.ok ? checked.post : undefined;
}
