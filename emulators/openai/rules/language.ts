/**
 * Which language a post is in. Russian posts name cars and sellers in Latin letters ("Продаю
 * Toyota Land Cruiser Prado, @seller_ivan"), so usernames and links are not counted, and a post
 * counts as Russian once a fifth of its remaining letters are Cyrillic; English posts seldom
 * carry any Cyrillic beyond a city name.
 */
import type { PostLanguage } from './types';

/** Detects the post's language by counting Cyrillic against Latin letters. */
export function detectLanguage(text: string): PostLanguage {
  const words = text.replace(/@\w+|https?:\/\/\S+|t\.me\/\S+/gi, ' ');
  const cyrillic = (words.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (words.match(/\p{Script=Latin}/gu) ?? []).length;
  return cyrillic > 0 && cyrillic * 4 >= latin ? 'ru' : 'en';
}
