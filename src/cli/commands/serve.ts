import type { Command } from 'commander';
import { buildApiServer } from '../../api/server';
import { connectClient } from '../../temporal/client';
import { cliContext } from '../context';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API (and, with a bot token, the Telegram bot) against an existing Temporal server.')
    .addHelpText('after', '\nExamples:\n  TEMPORAL_ADDRESS=localhost:7233 cars-bot serve\n  curl localhost:3000/api/v1/healthz')
    .action(async () => {
      const { config, log } = cliContext();
      const client = await connectClient(config);
      const app = buildApiServer({ readiness: { temporal: () => client.connection.workflowService.getSystemInfo({}) } });
      const stop = async () => {
        await app.close();
        await client.connection.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ host: config.api.host, port: config.api.port });
      log.info(`HTTP API on ${address}/api/v1`);
    });
}
