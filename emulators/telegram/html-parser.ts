/**
 * Telegram's HTML parse mode: turns markup into plain text plus message entities, and rejects
 * what Telegram rejects with the same wording ("Unsupported start tag \"br\" at byte offset 12",
 * "Can't find end tag corresponding to start tag \"b\"", ...). Offsets of entities are in UTF-16
 * code units, byte offsets in errors are UTF-8 bytes, as in the real server.
 */
import type { MessageEntity } from 'grammy/types';

/** Why markup was rejected; the caller prefixes "Bad Request: can't parse entities: ". */
export class HtmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HtmlParseError';
  }
}

/** Markup turned into what Telegram stores: the visible text and its formatting. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);

const SIMPLE_TAG_TYPES: Record<string, MessageEntity['type']> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
};

/** Sort order Telegram uses for entities at the same offset and length (lower first). */
const TYPE_PRIORITY: Partial<Record<MessageEntity['type'], number>> = {
  blockquote: 0, expandable_blockquote: 0, pre: 11, code: 20, text_link: 49, text_mention: 49,
  bold: 90, italic: 91, underline: 92, strikethrough: 93, spoiler: 94, custom_emoji: 99,
};

interface OpenTag {
  name: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/** Parses Telegram HTML. Throws HtmlParseError with Telegram's message on invalid markup. */
export function parseTelegramHtml(markup: string): ParsedText {
  const byteOffset = (index: number): number => Buffer.byteLength(markup.slice(0, index), 'utf8');
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  let text = '';
  let loneSurrogate = false;
  let i = 0;

  while (i < markup.length) {
    const c = markup[i];
    if (c === '&') {
      const decoded = decodeEntity(markup, i);
      if (decoded) {
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) loneSurrogate = true;
        text += String.fromCodePoint(decoded.code);
        i = decoded.next;
        continue;
      }
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }

    const begin = i;
    i += 1;
    if (markup[i] !== '/') {
      let j = i;
      while (j < markup.length && !isSpace(markup[j]) && markup[j] !== '>') j += 1;
      if (j >= markup.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const name = markup.slice(i, j).toLowerCase();
      if (!SUPPORTED_TAGS.has(name)) {
        throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(begin)}`);
      }
      const tag: OpenTag = { name, argument: '', expandable: false, offset: text.length };
      i = readAttributes(markup, j, tag, byteOffset(begin), byteOffset);
      if (name === 'span' && tag.argument !== 'spoiler') {
        throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      open.push(tag);
      continue;
    }

    // An end tag.
    const top = open[open.length - 1];
    if (!top) throw new HtmlParseError(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
    let j = i + 1;
    while (j < markup.length && !isSpace(markup[j]) && markup[j] !== '>') j += 1;
    const endName = markup.slice(i + 1, j).toLowerCase();
    while (j < markup.length && isSpace(markup[j])) j += 1;
    if (markup[j] !== '>') throw new HtmlParseError(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
    if (endName !== '' && endName !== top.name) {
      throw new HtmlParseError(
        `Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${top.name}>", found "</${endName}>"`,
      );
    }
    if (text.length > top.offset) closeEntity(top, text, entities);
    open.pop();
    i = j + 1;
  }

  const unclosed = open[open.length - 1];
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  if (loneSurrogate && hasLoneSurrogate(text)) {
    throw new HtmlParseError(
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    );
  }
  for (const e of entities) if (e.type === 'code') delete (e as { language?: string }).language;
  return { text, entities: sortEntities(entities) };
}

/** Sorts entities the way Telegram returns them: by offset, longer first, then by kind. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort(
    (a, b) =>
      a.offset - b.offset ||
      b.length - a.length ||
      (TYPE_PRIORITY[a.type] ?? 50) - (TYPE_PRIORITY[b.type] ?? 50),
  );
}

/** Reads the attributes of a start tag from `index` (just after its name) up to and past `>`. */
function readAttributes(markup: string, index: number, tag: OpenTag, tagByteOffset: number, byteOffset: (i: number) => number): number {
  let i = index;
  while (markup[i] !== '>') {
    while (i < markup.length && isSpace(markup[i])) i += 1;
    if (i >= markup.length) throw new HtmlParseError(`Unclosed start tag "${tag.name}" at byte offset ${tagByteOffset}`);
    if (markup[i] === '>') break;
    const nameStart = i;
    while (i < markup.length && !isSpace(markup[i]) && markup[i] !== '=' && markup[i] !== '>') i += 1;
    const attribute = markup.slice(nameStart, i).toLowerCase();
    if (attribute === '') {
      throw new HtmlParseError(`Empty attribute name in the tag "${tag.name}" at byte offset ${tagByteOffset}`);
    }
    while (i < markup.length && isSpace(markup[i])) i += 1;
    if (i >= markup.length) throw new HtmlParseError(`Unclosed start tag "${tag.name}" at byte offset ${tagByteOffset}`);
    let value = '';
    if (markup[i] === '=') {
      i += 1;
      while (i < markup.length && isSpace(markup[i])) i += 1;
      if (i >= markup.length) throw new HtmlParseError(`Unclosed start tag "${tag.name}" at byte offset ${tagByteOffset}`);
      const quote = markup[i];
      if (quote === '"' || quote === "'") {
        i += 1;
        while (i < markup.length && markup[i] !== quote) {
          const decoded = markup[i] === '&' ? decodeEntity(markup, i) : undefined;
          if (decoded) {
            value += String.fromCodePoint(decoded.code);
            i = decoded.next;
          } else {
            value += markup[i];
            i += 1;
          }
        }
        if (i >= markup.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${tagByteOffset}`);
        i += 1;
      } else {
        const tokenStart = i;
        while (isAlnum(markup[i]) || markup[i] === '.' || markup[i] === '-') i += 1;
        value = markup.slice(tokenStart, i).toLowerCase();
        if (!isSpace(markup[i]) && markup[i] !== '>') {
          throw new HtmlParseError(`Unexpected end of name token at byte offset ${byteOffset(tokenStart)}`);
        }
      }
    }
    applyAttribute(tag, attribute, value);
  }
  return i + 1;
}

function applyAttribute(tag: OpenTag, attribute: string, value: string): void {
  if (tag.name === 'a' && attribute === 'href') tag.argument = value;
  else if (tag.name === 'code' && attribute === 'class' && value.startsWith('language-')) tag.argument = value.slice(9);
  else if (tag.name === 'span' && attribute === 'class' && value.startsWith('tg-')) tag.argument = value.slice(3);
  else if (tag.name === 'tg-emoji' && attribute === 'emoji-id') tag.argument = value;
  else if (tag.name === 'blockquote' && attribute === 'expandable') tag.expandable = true;
}

function closeEntity(tag: OpenTag, text: string, entities: MessageEntity[]): void {
  const offset = tag.offset;
  const length = text.length - offset;
  const simple = SIMPLE_TAG_TYPES[tag.name];
  if (simple) {
    entities.push({ type: simple, offset, length } as MessageEntity);
    return;
  }
  const last = entities[entities.length - 1];
  const sameRange = last !== undefined && last.offset === offset && last.length === length;
  switch (tag.name) {
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'blockquote':
      entities.push({ type: tag.expandable ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    case 'tg-emoji': {
      if (!/^[0-9]+$/.test(tag.argument) || /^0+$/.test(tag.argument)) {
        throw new HtmlParseError('Invalid custom emoji identifier specified');
      }
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument });
      return;
    }
    case 'a': {
      const url = tag.argument === '' ? text.slice(offset) : tag.argument;
      const mentioned = /^tg:\/\/user\?id=([0-9]{1,15})$/i.exec(url);
      if (mentioned) {
        entities.push({ type: 'text_mention', offset, length, user: { id: Number(mentioned[1]), is_bot: false, first_name: '' } });
        return;
      }
      const checked = checkedLink(url);
      if (checked) entities.push({ type: 'text_link', offset, length, url: checked });
      return;
    }
    case 'pre':
      if (sameRange && last.type === 'code' && (last as { language?: string }).language) {
        entities[entities.length - 1] = { type: 'pre', offset, length, language: (last as { language?: string }).language };
      } else {
        entities.push({ type: 'pre', offset, length });
      }
      return;
    case 'code':
      if (sameRange && last.type === 'pre' && tag.argument !== '') {
        entities[entities.length - 1] = { type: 'pre', offset, length, language: tag.argument };
      } else {
        // A code entity keeps its language only until a surrounding <pre> claims it.
        entities.push({ type: 'code', offset, length, ...(tag.argument ? { language: tag.argument } : {}) } as MessageEntity);
      }
      return;
    default:
      throw new HtmlParseError(`Unsupported start tag "${tag.name}"`);
  }
}

/** Telegram accepts links with or without a scheme (http is assumed); others are dropped. */
function checkedLink(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:', 'tg:', 'ton:'].includes(url.protocol)) return undefined;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('.') && url.hostname !== 'localhost') {
      return undefined;
    }
    return url.href;
  } catch {
    return undefined;
  }
}

/** Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references; other `&` stay literal. */
function decodeEntity(markup: string, index: number): { code: number; next: number } | undefined {
  let end = index + 1;
  let code = 0;
  if (markup[end] === '#') {
    end += 1;
    const hex = markup[end] === 'x';
    if (hex) end += 1;
    const digits = hex ? /^[0-9a-fA-F]*/.exec(markup.slice(end))![0] : /^[0-9]*/.exec(markup.slice(end))![0];
    end += digits.length;
    code = digits === '' ? 0 : parseInt(digits, hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff || end - index >= 10) return undefined;
  } else {
    const name = /^[A-Za-z]*/.exec(markup.slice(end))![0];
    end += name.length;
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    code = named[name] ?? 0;
    if (code === 0) return undefined;
  }
  return { code, next: markup[end] === ';' ? end + 1 : end };
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
