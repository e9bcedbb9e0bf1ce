import fs from 'node:fs';
import type { Command } from 'commander';
import { parsePostLines } from '../../common/post-input';
import { installRuntime } from '../../observability/runtime';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack';
import { submitPosts, waitForPosts } from '../../intake/ingest';
import { buildIngestReport, formatIngestReport } from '../../intake/ingest-report';
import type { Logger } from '../../observability/logger';
import { cliContext } from '../context';
import { createProgress } from '../progress';

interface StartOptions {
  ingest?: string;
  untilIdle?: boolean;
  report: 'json' | 'table';
}

/** Submits the file's posts; with --until-idle waits for all of them and prints the report. */
async function ingest(stack: EmbeddedStack, file: string, opts: StartOptions, log: Logger): Promise<void> {
  const { posts, errors } = parsePostLines(fs.readFileSync(file, 'utf8'));
  for (const e of errors) log.warn(`${file}:${e.line}: skipped: ${e.message}`);
  const submitting = createProgress('submitting', posts.length);
  const submitted = await submitPosts(stack.client, posts, { onSubmitted: (n) => submitting.update(n) });
  submitting.finish();
  if (!opts.untilIdle) {
    log.info(`${submitted.filter((s) => s.started).length} new post workflows started from ${file}`);
    return;
  }
  const counts: Record<string, number> = {};
  const waiting = createProgress('processing', submitted.length);
  const outcomes = await waitForPosts(stack.client, submitted, {
    onClosed: (o, n) => {
      const status = o.result?.status ?? 'error';
      counts[status] = (counts[status] ?? 0) + 1;
      waiting.update(n, Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '));
    },
  });
  waiting.finish(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '));
  const report = await buildIngestReport(outcomes, errors, stack.store);
  process.stdout.write(opts.report === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatIngestReport(report)}\n`);
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'Run the whole service on this machine: a Temporal dev server with its Web UI (unless TEMPORAL_ADDRESS is set), the embedded database, all workers, the schedules, and local emulators for vendors without credentials.',
    )
    .option('--ingest <file>', 'submit the posts of a JSON Lines file (one post per line, SPEC format); bad lines are reported and skipped')
    .option('--until-idle', 'with --ingest: wait until every post workflow has closed, print the report and exit')
    .option('--report <format>', 'report format with --until-idle: json or table', 'json')
    .addHelpText(
      'after',
      '\nExamples:\n  npm start\n  npm start -- --ingest test/fixtures/posts.jsonl --until-idle --report json > report.json\n  TEMPORAL_ADDRESS=localhost:7233 npm start',
    )
    .action(async (opts: StartOptions) => {
      if (!['json', 'table'].includes(opts.report)) throw new Error(`--report: expected json or table, got "${opts.report}"`);
      if (opts.untilIdle && !opts.ingest) throw new Error('--until-idle needs --ingest <file>');
      if (opts.ingest && !fs.existsSync(opts.ingest)) throw new Error(`--ingest: no such file: ${opts.ingest}`);
      const { config, log } = cliContext();
      installRuntime(config);
      const stack = await startEmbeddedStack(config, log);
      const running = stack.run();
      log.info(`Temporal: ${stack.temporalAddress}`);
      if (stack.uiUrl) log.info(`Temporal Web UI: ${stack.uiUrl}`);
      if (opts.ingest) {
        try {
          await ingest(stack, opts.ingest, opts, log);
        } finally {
          if (opts.untilIdle) stack.shutdown();
        }
      }
      if (!opts.untilIdle) log.info('Ready. Press Ctrl-C to stop.');
      await running;
      log.info('Stopped.');
    });
}
