import path from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { startEntryPoints } from '../../api/entry-points';
import { createStore, migrateToLatest, openDatabase } from '../../db';
import { connectClient } from '../../temporal/client';
import { cliContext } from '../context';

/** Adds `serve`: the API and the bot on their own, for deployments whose workers run in other processes. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API and, with a bot token, the Telegram bot (long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set) against an existing Temporal server and database.')
    .addHelpText(
      'after',
      '\nExamples:\n  TEMPORAL_ADDRESS=localhost:7233 API_TOKENS=secret cars-bot serve\n  curl localhost:3000/api/v1/healthz\n  curl -H "Authorization: Bearer secret" localhost:3000/api/v1/stats?hours=24',
    )
    .action(async () => {
      const { config, log } = cliContext();
      const client = await connectClient(config);
      const database = await openDatabase({ databaseUrl: config.database.url, dataDir: path.join(config.dataDir, 'pglite'), log: (line) => log.info(line) });
      try {
        await migrateToLatest(database.db);
        const entryPoints = await startEntryPoints({
          config,
          client,
          store: createStore(database.db),
          readiness: {
            temporal: () => client.connection.workflowService.getSystemInfo({}),
            database: () => sql`select 1`.execute(database.db),
          },
          log,
        });
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        log.info('stopping the bot and the HTTP API');
        await entryPoints.stop();
      } finally {
        await database.close();
        await client.connection.close();
      }
    });
}
