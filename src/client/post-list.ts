/**
 * The posts list as operators ask for it — `GET /posts?status=failed&source=@x&make=Toyota&since=2h`
 * and `cars-bot post list` with the same filters — read from the database, newest first, a page
 * at a time. One schema reads the filters for both, so a bad one gets the same answer from each,
 * naming the parameter and why. No post text and no contacts: an item says where the post is
 * and what the pipeline found.
 */
import { z } from 'zod';
import { POST_STATUSES } from '../common/post-status';
import { postWorkflowId } from '../common/posts';
import { normaliseChatRef } from '../db/chat-ref';
import type { PostListRow, Store } from '../db';

/** Posts per page unless `limit` says otherwise, and the most one page holds. */
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `2h` → that long before `now`; an ISO 8601 time with its offset → that time; else undefined. */
export function parseSince(text: string, now: Date): Date | undefined {
  const m = DURATION.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  if (ISO_TIME.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
  return undefined;
}

/** The page cursor: opaque to callers, the last listed post's id inside. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`p${lastId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return undefined;
  const m = /^p(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/** The parameters the list takes. */
export const LIST_PARAMETERS = ['status', 'source', 'make', 'since', 'limit', 'cursor'] as const;

/** One query parameter given once, as text (a repeated one is a mistake, not a list). */
const once = z.string({ message: 'expected one value (the parameter was given more than once, or empty)' }).trim();

/** The list's parameters, as the API's query string and the CLI's options give them. */
export function postListQuerySchema(now: () => Date = () => new Date()) {
  return z
    .strictObject(
      {
      status: once.pipe(z.enum(POST_STATUSES, { message: `expected one of ${POST_STATUSES.join(', ')}` })).optional(),
      source: once
        .transform((text, ctx) => {
          try {
            return normaliseChatRef(text);
          } catch {
            ctx.addIssue({ code: 'custom', message: `expected a channel @username or a numeric chat id, got "${text.slice(0, 40)}"` });
            return z.NEVER;
          }
        })
        .optional(),
      make: once.pipe(z.string().min(1, 'expected a make, e.g. Toyota').max(40, 'at most 40 characters')).optional(),
      since: once
        .transform((text, ctx) => {
          const at = parseSince(text, now());
          if (!at) {
            ctx.addIssue({ code: 'custom', message: `expected a duration such as 30m, 2h or 7d, or an ISO 8601 time such as 2026-12-02T07:00:00Z; got "${text.slice(0, 40)}"` });
            return z.NEVER;
          }
          return at;
        })
        .optional(),
      limit: once
        .regex(/^\d{1,6}$/, 'expected a whole number')
        .transform(Number)
        .pipe(z.number().min(1, 'at least 1').max(MAX_LIST_LIMIT, `at most ${MAX_LIST_LIMIT}`))
        .default(DEFAULT_LIST_LIMIT),
      cursor: once
        .transform((text, ctx) => {
          const id = decodeCursor(text);
          if (id === undefined) {
            ctx.addIssue({ code: 'custom', message: 'not a cursor of this list: pass the nextCursor of the previous page as it was given' });
            return z.NEVER;
          }
          return id;
        })
        .optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}: the list takes ${LIST_PARAMETERS.join(', ')}` : undefined) },
    );
}

/** The filters, as read by the schema. */
export type PostListQuery = z.output<ReturnType<typeof postListQuerySchema>>;

/** What the list says of a post as the store reads it; the times are given as ISO 8601 text. */
type ListedFields = Omit<PostListRow, 'id' | 'publishedAt' | 'receivedAt' | 'updatedAt'>;

/** One post in the list (`failedStep` and `error`: the step a failed post failed at, and why). */
export interface PostListItem extends ListedFields {
  postId: number;
  workflowId: string;
  receivedAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** A page of the list; `nextCursor` is null on the last page. */
export interface PostListPage {
  posts: PostListItem[];
  nextCursor: string | null;
}

function toItem(row: PostListRow): PostListItem {
  const { id, publishedAt, receivedAt, updatedAt, ...listed } = row;
  return {
    postId: id,
    workflowId: postWorkflowId(row.source, row.messageId),
    ...listed,
    receivedAt: receivedAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    publishedAt: publishedAt?.toISOString() ?? null,
  };
}

/** One page of posts matching `query`, newest first. */
export async function listPosts(store: Pick<Store, 'listPosts'>, query: PostListQuery): Promise<PostListPage> {
  // One more than the page tells whether another page follows, without counting.
  const rows = await store.listPosts({
    status: query.status,
    source: query.source,
    make: query.make,
    since: query.since,
    beforeId: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return { posts: page.map(toItem), nextCursor: more && page.length > 0 ? encodeCursor(page[page.length - 1].id) : null };
}

/** The page as a table for people; one line per post. */
export function formatPostList(page: PostListPage): string {
  if (page.posts.length === 0) return 'no posts match';
  const rows = page.posts.map((p) => [
    String(p.postId),
    p.workflowId,
    p.status,
    [p.make, p.model, p.year].filter((v) => v !== null && v !== '').join(' ') || '-',
    p.price !== null ? `${p.price}${p.currency ? ` ${p.currency}` : ''}` : '-',
    p.receivedAt.replace(/\.\d{3}Z$/, 'Z'),
    p.status === 'failed' ? `${p.failedStep ?? '?'}: ${(p.error ?? '').split('\n')[0].slice(0, 80)}` : p.duplicateOf !== null ? `duplicate of ${p.duplicateOf}` : '',
  ]);
  const header = ['ID', 'WORKFLOW', 'STATUS', 'CAR', 'PRICE', 'RECEIVED', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [line(header), ...rows.map(line)];
  if (page.nextCursor) lines.push('', `more: --cursor ${page.nextCursor}`);
  return lines.join('\n');
}
