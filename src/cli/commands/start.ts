import type { Command } from 'commander';

export interface StartOptions {
  ingest?: string;
  untilIdle?: boolean;
  report: 'json' | 'table';
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .summary('run everything on this machine: Temporal dev server + Web UI, database, workers, API, emulators')
    .description(
      'Run the whole service on this machine: a Temporal dev server with its Web UI (unless TEMPORAL_ADDRESS is set), the embedded database, all workers, the schedules, the HTTP API and the bot, and local emulators for vendors without credentials. Prints every address when ready; Ctrl-C stops it (in-flight work finishes first; Ctrl-C again stops at once).',
    )
    .option('--ingest <file>', 'submit the posts of a JSON Lines file (one post per line, SPEC format); bad lines are reported and skipped')
    .option('--until-idle', 'with --ingest: wait until every post workflow has closed, print the report on stdout and exit')
    .option('--report <format>', 'report format with --until-idle: json or table', 'json')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npm start',
        '  npm start -- --ingest test/fixtures/posts.jsonl',
        '  cars-bot start --ingest test/fixtures/posts.jsonl --until-idle --report json > report.json',
        '  TEMPORAL_DEV_PORT=7300 TEMPORAL_UI_PORT=7301 API_PORT=3100 DATA_DIR=/tmp/cars-bot npm start',
        '  TEMPORAL_ADDRESS=localhost:7233 npm start          # use a Temporal server that is already running',
        '',
        'npm prints its own "> cars-bot-temporal start" lines on stdout: to keep a report clean, run',
        '`cars-bot start ...` or `npm start --silent -- ...`.',
      ].join('\n'),
    )
    .action(async (opts: StartOptions) => {
      const { runStart } = await import('./start-run');
      await runStart(opts);
    });
}
