import type { Command } from 'commander';

/** Adds `serve`: the API and the bot on their own, for deployments whose workers run in other processes. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('run the HTTP API and the bot against a running Temporal server and database')
    .description('Run the HTTP API and, with a bot token, the Telegram bot (long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set) against an existing Temporal server and database.')
    .addHelpText(
      'after',
      '\nExamples:\n  TEMPORAL_ADDRESS=localhost:7233 API_TOKENS=secret cars-bot serve\n  curl localhost:3000/api/v1/healthz\n  curl -H "Authorization: Bearer secret" localhost:3000/api/v1/stats?hours=24',
    )
    .action(async () => {
      const { runServe } = await import('./serve-run');
      await runServe();
    });
}
