/**
 * One spelling per Telegram chat. The Channels sheet, the bot's updates and the HTTP API name
 * a chat as `@cars_kz`, `Cars_KZ`, `https://t.me/cars_kz` or `-1001234567890`; stored and
 * compared in one form, they match. Pure, so any layer may use it (workflow IDs included).
 */

const NUMERIC_ID = /^-?\d+$/;
const LINK_PREFIX = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\//i;
const USERNAME = /^[a-z0-9_]+$/;

/** `@username` in lower case (Telegram usernames ignore case), or the numeric chat id as text. */
export function normaliseChatRef(ref: string | number): string {
  const text = String(ref).trim();
  if (NUMERIC_ID.test(text)) return text;
  const name = text.replace(LINK_PREFIX, '').replace(/^@/, '').replace(/\/+$/, '').toLowerCase();
  if (!USERNAME.test(name)) throw new RangeError(`not a Telegram chat id or username: ${JSON.stringify(ref)}`);
  return `@${name}`;
}
