/**
 * Validation of posts arriving from outside (JSON Lines files, the HTTP API, the bot): what a
 * valid post is (SPEC §8), with messages that say what is wrong and where.
 */
import { z } from 'zod';
import type { PostInput } from './posts';

/**
 * Telegram albums hold at most 10 photos: a post with more is taken, and its listing shows the
 * first 10 (the post's record says so).
 */
export const ALBUM_PHOTO_LIMIT = 10;

/** Most photos a post may bring; more is not a channel post but a mistake. */
export const POST_PHOTO_LIMIT = 100;

/** PostgreSQL can't store a NUL character in text or jsonb: refused here, with the field named. */
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'contains a NUL character (\\u0000), which cannot be stored; remove it';

const chatRef = z.union([
  z.string().trim().regex(/^(@?[A-Za-z]\w{3,}|-?\d+)$/, 'expected a channel @username or a numeric chat id'),
  z.number().int().transform(String),
]);

/** Unknown fields are ignored; `text` may be empty (a photo-only post), never missing. */
export const postInputSchema = z.object({
  source: chatRef,
  messageId: z.number({ message: 'expected a message id (a whole number)' }).int('expected a whole number').positive('expected a positive message id'),
  revision: z.number({ message: 'expected a revision number (a whole number)' }).int('expected a whole number').min(1, 'expected a revision of 1 or more').optional(),
  date: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-11-20T09:12:00Z' }).optional(),
  text: z.string({ message: 'expected the post text (a string, may be empty)' }).max(100_000, 'text longer than 100 000 characters').refine(noNul, NUL_MESSAGE),
  photos: z
    .array(z.string().min(1, 'empty file id').refine(noNul, NUL_MESSAGE), { message: 'expected a list of Telegram file ids' })
    .max(POST_PHOTO_LIMIT, `at most ${POST_PHOTO_LIMIT} photos`)
    .optional(),
});

export type PostInputProblem = { path: string; message: string };

/** Checks one post; returns the post or the list of problems (field path and message). */
export function validatePostInput(value: unknown): { ok: true; post: PostInput } | { ok: false; problems: PostInputProblem[] } {
  const result = postInputSchema.safeParse(value);
  if (result.success) return { ok: true, post: result.data };
  return { ok: false, problems: result.error.issues.map((i) => ({ path: i.path.join('.') || '(post)', message: i.message })) };
}

export interface JsonLinesResult {
  posts: { line: number; post: PostInput }[];
  errors: { line: number; message: string }[];
}

/** Reads JSON Lines: a bad line is reported with its number and skipped; blank lines are ignored. */
export function parsePostLines(text: string): JsonLinesResult {
  const out: JsonLinesResult = { posts: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      out.errors.push({ line, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const checked = validatePostInput(value);
    if (checked.ok) out.posts.push({ line, post: checked.post });
    else out.errors.push({ line, message: checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ') });
  });
  return out;
}
