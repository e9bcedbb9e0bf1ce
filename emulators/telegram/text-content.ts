/**
 * Message text and captions as Telegram stores them: markup parsed by `parse_mode`, surrounding
 * whitespace trimmed, and the length limits (text 1-4096, caption 0-1024) checked on the result,
 * so a post that fits before escaping but not after fails here as it would in production.
 */
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors';
import { HtmlParseError, parseTelegramHtml, sortEntities } from './html-parser';

/** Longest message text Telegram accepts, counted after entity parsing (UTF-16 code units). */
export const MAX_TEXT_LENGTH = 4096;
/** Longest media caption Telegram accepts, counted after entity parsing. */
export const MAX_CAPTION_LENGTH = 1024;

/** Text or caption as sent and as stored. */
export interface FormattedContent {
  /** What the client sent, markup included. */
  source: string;
  parseMode?: string;
  /** Plain text after parsing and trimming: what a reader sees. */
  text: string;
  entities: MessageEntity[];
}

/** Parses and validates a message text (sendMessage, editMessageText). */
export function formatMessageText(source: string | undefined, parseMode: string | undefined, entities: unknown): FormattedContent {
  const content = formatContent(source ?? '', parseMode, entities);
  if (content.text.length === 0) throw badRequest('message text is empty');
  if (content.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  return content;
}

/** Parses and validates an optional caption (sendPhoto, media group items). */
export function formatCaption(source: string | undefined, parseMode: string | undefined, entities: unknown): FormattedContent | undefined {
  if (source === undefined) return undefined;
  const content = formatContent(source, parseMode, entities);
  if (content.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return content;
}

function formatContent(source: string, parseMode: string | undefined, explicit: unknown): FormattedContent {
  const mode = parseMode?.trim() ?? '';
  let parsed: { text: string; entities: MessageEntity[] };
  if (mode === '') {
    parsed = { text: source, entities: explicitEntities(explicit) };
  } else if (mode.toLowerCase() === 'html') {
    try {
      parsed = parseTelegramHtml(source);
    } catch (err) {
      if (err instanceof HtmlParseError) throw badRequest(`can't parse entities: ${err.message}`);
      throw err;
    }
  } else if (mode.toLowerCase() === 'markdownv2' || mode.toLowerCase() === 'markdown') {
    // Markdown modes are accepted but not interpreted: the text is stored as sent.
    parsed = { text: source, entities: [] };
  } else {
    throw badRequest('unsupported parse_mode');
  }
  const trimmed = trimWithEntities(parsed.text, parsed.entities);
  return { source, ...(mode !== '' ? { parseMode: mode } : {}), ...trimmed };
}

function explicitEntities(value: unknown): MessageEntity[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  for (const e of value) {
    const ok =
      e !== null && typeof e === 'object' && typeof (e as MessageEntity).type === 'string' &&
      Number.isInteger((e as MessageEntity).offset) && Number.isInteger((e as MessageEntity).length);
    if (!ok) throw badRequest("can't parse MessageEntity: entity must have type, offset and length");
  }
  return sortEntities(value as MessageEntity[]);
}

/** Telegram drops leading and trailing whitespace; entities are shifted and clipped to match. */
function trimWithEntities(text: string, entities: MessageEntity[]): { text: string; entities: MessageEntity[] } {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const kept: MessageEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(trimmed.length, e.offset + e.length - lead);
    if (end > start) kept.push({ ...e, offset: start, length: end - start });
  }
  return { text: trimmed, entities: kept };
}
