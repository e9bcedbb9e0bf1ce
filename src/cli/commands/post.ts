/**
 * `cars-bot post submit`, `post status` and `post list`: the HTTP API's `POST /posts`,
 * `GET /posts/{id}` and `GET /posts` from a terminal — the same idempotent start, the same
 * lookup and the same list with the same filters.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import type { IngestItem, IngestOutcome } from '../../client/ingest';
import { registerPostRetry } from './post-retry';

interface SubmitOptions {
  file?: string;
  json?: string;
  wait?: boolean;
  delay?: string;
  notBefore?: string;
}

/** The posts to submit and the lines that were skipped, from `--file` (or stdin) or `--json`. */
async function readPosts(opts: SubmitOptions): Promise<{ items: IngestItem[]; problems: string[] }> {
  const { parsePostLines, validatePostInput } = await import('../../common/post-input');
  if (Boolean(opts.file) === Boolean(opts.json)) throw new Error('give either --file <jsonl> or --json \'<post>\'');
  if (opts.json !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(opts.json);
    } catch (err) {
      return { items: [], problems: [`error: --json: not valid JSON: ${(err as Error).message}`] };
    }
    const checked = validatePostInput(value);
    if (!checked.ok) return { items: [], problems: checked.problems.map((p) => `error: --json: ${p.path}: ${p.message}`) };
    return { items: [{ line: 1, post: checked.post }], problems: [] };
  }
  const file = opts.file!;
  if (file !== '-' && !fs.existsSync(file)) throw new Error(`--file: no such file: ${file}`);
  const { posts, errors } = parsePostLines(fs.readFileSync(file === '-' ? 0 : file, 'utf8'));
  return { items: posts, problems: errors.map((e) => `error: ${file === '-' ? 'stdin' : file}:${e.line}: skipped: ${e.message}`) };
}

function outcomeLine(o: IngestOutcome, waited: boolean): string {
  if (o.error) return `${o.workflowId || `line ${o.line}`}  error: ${o.error}`;
  if (waited) return `${o.workflowId}  ${o.result?.status ?? 'unknown'}${o.result?.error ? `  ${o.result.error}` : ''}`;
  if (o.scheduledFor) return `${o.workflowId}  scheduled for ${o.scheduledFor}`;
  return `${o.workflowId}  ${o.started ? 'started' : 'already submitted'}`;
}

async function submit(client: Client, opts: SubmitOptions, posts: Awaited<ReturnType<typeof readPosts>>, startDelayMs: number | undefined): Promise<number> {
  const { submitPosts, waitForPosts } = await import('../../client/ingest');
  const { items, problems } = posts;
  for (const p of problems) process.stderr.write(`${p}\n`);
  const { PRIORITY } = await import('../../common/priorities');
  // One post given as --json is a live submission; a file is bulk (it waits behind live posts).
  let outcomes = await submitPosts(client, items, { priority: opts.json !== undefined ? PRIORITY.live : PRIORITY.bulk, startDelayMs });
  if (opts.wait) outcomes = await waitForPosts(client, outcomes);
  for (const o of outcomes) process.stdout.write(`${outcomeLine(o, Boolean(opts.wait))}\n`);
  return problems.length > 0 || outcomes.some((o) => o.error) ? 1 : 0;
}

interface ListOptions {
  status?: string;
  source?: string;
  make?: string;
  since?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/** `post list`: the filters read by the API's schema; a bad one is told before the database is opened. */
async function listPosts(opts: ListOptions): Promise<void> {
  const { postListQuerySchema, listPosts: readPage, formatPostList } = await import('../../client/post-list');
  const given = Object.fromEntries(Object.entries({ status: opts.status, source: opts.source, make: opts.make, since: opts.since, limit: opts.limit, cursor: opts.cursor }).filter(([, v]) => v !== undefined));
  const parsed = postListQuerySchema().safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) process.stderr.write(`error: --${String(issue.path[0] ?? 'option')}: ${issue.message}\n`);
    process.exitCode = 1;
    return;
  }
  const { cliContext } = await import('../context');
  const { withDatabaseStore } = await import('../database-store');
  const { config } = cliContext();
  const page = await withDatabaseStore(config, 'post list', (store) => readPage(store, parsed.data));
  process.stdout.write(`${opts.json ? JSON.stringify(page, null, 2) : formatPostList(page)}\n`);
}

/** Adds `post submit`, `post status` and `post list`. */
export function registerPost(program: Command): void {
  const post = program
    .command('post')
    .summary('submit posts, see where a post is, retry failed ones')
    .description('Submit posts, see where a post is, retry failed ones.')
    .addHelpText('after', '\nExamples:\n  cars-bot post submit --file test/fixtures/posts.jsonl\n  cars-bot post status post-cars_kz-1042\n  cars-bot post list --status failed --since 2h\n  cars-bot post retry --failed --since 2h');
  registerPostRetry(post);

  post
    .command('submit')
    .description('Start the workflow of each post (SPEC §8 format); a post submitted before is reported, not started again. Bad lines are reported and skipped; exits 1 if any was.')
    .option('--file <jsonl>', 'a JSON Lines file, one post per line (- reads stdin)')
    .option('--json <post>', 'one post as a JSON object')
    .option('--wait', 'wait until every post has gone through the pipeline and print its status')
    .option('--delay <duration>', 'put the processing off: 30s, 15m, 1h30m, 2d (at most 30 days)')
    .option('--not-before <time>', 'begin the processing at this ISO 8601 time, e.g. 2026-12-02T07:00:00Z')
    .addHelpText(
      'after',
      `\nExamples:\n  cars-bot post submit --file test/fixtures/posts.jsonl\n  cars-bot post submit --file posts.jsonl --wait\n  cars-bot post submit --file posts.jsonl --delay 1h\n  cars-bot post submit --json '{"source":"@cars_kz","messageId":1042,"text":"Продаю Toyota Camry 2018, 12 500 000 тг"}'\n  cat posts.jsonl | cars-bot post submit --file -`,
    )
    .action(async (opts: SubmitOptions) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { config } = cliContext();
      const { startDelayOption } = await import('../start-delay-option');
      const when = startDelayOption(opts); // told before connecting, as bad posts are
      const posts = await readPosts(opts);
      await withClient(config, async (client) => {
        process.exitCode = await submit(client, opts, posts, when?.delayMs);
      });
    });

  post
    .command('list')
    .description(
      'Posts from the database, newest first: status, car, price, and for a failed one the step and the reason (no post text, no contacts). The same list and filters as GET /api/v1/posts. Needs DATABASE_URL (the embedded database belongs to the running stack).',
    )
    .option('--status <status>', 'only posts with this status (received, extracting, ready, publishing, published, duplicate, not_car, failed)')
    .option('--source <channel>', 'only posts from this channel (@username or chat id)')
    .option('--make <make>', 'only posts of this make, e.g. Toyota (case does not matter)')
    .option('--since <when>', 'only posts received within this long (30m, 2h, 7d) or since an ISO 8601 time')
    .option('--limit <n>', 'posts per page, 1 to 200 (default 50)')
    .option('--cursor <cursor>', 'the next page: the cursor the previous page printed')
    .option('--json', 'print the page as JSON (posts and nextCursor)')
    .addHelpText(
      'after',
      '\nExamples:\n  cars-bot post list --status failed --since 2h\n  cars-bot post list --source @cars_kz --make Toyota --limit 20\n  cars-bot post list --status published --json',
    )
    .action((opts: ListOptions) => listPosts(opts));

  post
    .command('status <id>')
    .description('Where a post is: status, progress, fields, description, publication, error. Takes the workflow id, or the numeric post id when DATABASE_URL is set (the embedded database belongs to the running stack). Exits 1 when the post is unknown.')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  cars-bot post status post-cars_kz-1042\n  cars-bot post status post-cars_kz-1042 --json\n  DATABASE_URL=postgres://… cars-bot post status 42')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { lookupPost, parsePostRef } = await import('../../client/post-lookup');
      const { formatPostReport } = await import('../../client/post-report-text');
      const { config } = cliContext();
      const ref = parsePostRef(id);
      await withClient(config, async (client) => {
        // Only a PostgreSQL server can be shared; the embedded database is opened by one process at a time.
        const { withOptionalStore } = await import('../database-store');
        await withOptionalStore(config, async (store) => {
          const report = await lookupPost(client, store, ref);
          if (!report) {
            process.stderr.write(`error: no post ${id} is known\n`);
            process.exitCode = 1;
            return;
          }
          process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : formatPostReport(report)}\n`);
        });
      });
    });
}
