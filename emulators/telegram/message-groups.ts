/**
 * A chat's messages as Telegram's clients show them, for the pages the emulator draws (channel
 * previews, the chat view): consecutive messages of one media group are one post, whose text is
 * the first message's text or the caption one of its photos carries.
 */
import type { Message, MessageEntity } from 'grammy/types';

/** The messages (oldest first) in posts: an album's messages together, any other message alone. */
export function groupMediaMessages(messages: readonly Message[]): Message[][] {
  const groups: Message[][] = [];
  for (const m of messages) {
    const last = groups[groups.length - 1];
    if (m.media_group_id && last?.[0].media_group_id === m.media_group_id) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** A post's text and its entities: the first message's text, else the caption of the album. */
export function groupText(group: readonly Message[]): { text: string | undefined; entities: readonly MessageEntity[] } {
  const first = group[0];
  const captioned = group.find((m) => m.caption !== undefined) ?? first;
  return { text: first.text ?? captioned.caption, entities: (first.text !== undefined ? first.entities : captioned.caption_entities) ?? [] };
}
