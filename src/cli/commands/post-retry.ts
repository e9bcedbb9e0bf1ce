/**
 * `cars-bot post retry`: Flower's and Bull Board's Retry, for one post or for every post that
 * failed lately (the same retry as `POST /api/v1/posts/{id}/retry` and the bot's `/retry`).
 * The implementation loads when the command runs, so `--help` stays quick.
 */
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import type { Store } from '../../db';
import type { RetryOutcome } from '../../client/retry-post';

interface RetryOptions {
  failed?: boolean;
  since?: string;
  source?: string;
  yes?: boolean;
}

/** `30m`, `2h`, `1d` → ms. */
async function sinceMs(text: string): Promise<number> {
  if (!/^\d+(s|m|h|d)$/.test(text)) throw new Error(`--since: expected a duration such as 30m, 2h or 1d, got "${text}"`);
  if (text.endsWith('d')) return Number(text.slice(0, -1)) * 86_400_000;
  const { durationMs } = await import('../../config');
  return durationMs(text);
}

const line = (o: RetryOutcome): string => (o.retried ? `${o.workflowId}  retried (${o.how === 'reset' ? 'failed run reset' : 'started again'}), run ${o.runId}` : `${o.workflowId}  not retried: ${o.reason}`);

/** Asks on the terminal; without one, `--yes` is the only way to say yes. */
async function confirm(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) throw new Error('not retrying without confirmation: add --yes (stdin is not a terminal)');
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function retryFailed(client: Client, store: Store | undefined, opts: RetryOptions): Promise<number> {
  const { failedPostsQuery, findFailedPosts, retryPosts } = await import('../../client/retry-post');
  const filter = { sinceMs: opts.since ? await sinceMs(opts.since) : undefined, source: opts.source };
  const ids = await findFailedPosts(client, filter);
  const scope = [opts.since && `in the last ${opts.since}`, opts.source && `from ${opts.source}`].filter(Boolean).join(' ');
  if (ids.length === 0) {
    process.stdout.write(`No failed posts${scope ? ` ${scope}` : ''}. (Query: ${failedPostsQuery(filter)})\n`);
    return 0;
  }
  if (!(await confirm(`${ids.length} failed post${ids.length === 1 ? '' : 's'}${scope ? ` ${scope}` : ''}. Retry ${ids.length === 1 ? 'it' : 'them all'}?`, opts.yes))) {
    process.stdout.write('Nothing retried.\n');
    return 1;
  }
  const outcome = await retryPosts(client, ids, { store, reason: 'bulk retry from the CLI' });
  for (const o of [...outcome.retried, ...outcome.skipped]) process.stdout.write(`${line(o)}\n`);
  process.stdout.write(`Retried ${outcome.retried.length} of ${outcome.matched} failed post${outcome.matched === 1 ? '' : 's'}${outcome.skipped.length ? `; ${outcome.skipped.length} not retried` : ''}.\n`);
  return outcome.skipped.length > 0 ? 1 : 0;
}

/** Adds `post retry` to the `post` command. */
export function registerPostRetry(post: Command): void {
  post
    .command('retry [id]')
    .description(
      'Run a failed post again from where it failed: AI answers already paid for are reused, a published listing is never sent twice. Takes the workflow id (or the numeric post id with DATABASE_URL); --failed retries every failed post, optionally narrowed by --since and --source, after a confirmation.',
    )
    .option('--failed', 'retry every post whose workflow failed (asks first; --yes to skip the question)')
    .option('--since <duration>', 'with --failed: only posts that failed within this time (30m, 2h, 1d)')
    .option('--source <channel>', 'with --failed: only posts from this source channel (@cars_kz or a chat id)')
    .option('-y, --yes', 'with --failed: do not ask')
    .addHelpText(
      'after',
      "\nExamples:\n  cars-bot post retry post-cars_kz-1042\n  cars-bot post retry --failed --since 2h\n  cars-bot post retry --failed --source @cars_kz --yes\n\nIn the Web UI, the failed run's Reset button does the same (any reset point works).",
    )
    .action(async (id: string | undefined, opts: RetryOptions) => {
      if (Boolean(id) === Boolean(opts.failed)) throw new Error('give either a post id or --failed');
      if (!opts.failed && (opts.since || opts.source || opts.yes)) throw new Error('--since, --source and --yes go with --failed');
      const { cliContext } = await import('../context');
      const { withClient } = await import('../../temporal/client');
      const { parsePostRef } = await import('../../client/post-lookup');
      const { retryPost } = await import('../../client/retry-post');
      const { config } = cliContext();
      const ref = id ? parsePostRef(id) : undefined;
      if (opts.since) await sinceMs(opts.since); // a bad duration is told before connecting
      await withClient(config, async (client) => {
        const { withOptionalStore } = await import('../database-store');
        process.exitCode = await withOptionalStore(config, async (store) => {
          if (!ref) return retryFailed(client, store, opts);
          const outcome = await retryPost(client, ref, { store, reason: 'retry from the CLI' });
          process.stdout.write(`${line(outcome)}\n`);
          return outcome.retried ? 0 : 1;
        });
      });
    });
}
