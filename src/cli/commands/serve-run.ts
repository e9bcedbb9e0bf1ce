/** `cars-bot serve`: the API and the bot against a running Temporal server and database, until SIGINT/SIGTERM. */
import path from 'node:path';
import { sql } from 'kysely';
import { startEntryPoints } from '../../wiring/entry-points';
import { createStore, migrateToLatest, openDatabase } from '../../db';
import { connectClient } from '../../temporal/client';
import { cliContext } from '../context';

export async function runServe(): Promise<void> {
  const { config, log } = cliContext();
  const client = await connectClient(config);
  try {
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
      log.info('stopping the bot and the HTTP API…');
      await entryPoints.stop();
    } finally {
      await database.close();
    }
  } finally {
    await client.connection.close();
  }
}
