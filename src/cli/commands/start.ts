import type { Command } from 'commander';
import { installRuntime } from '../../observability/runtime';
import { startEmbeddedStack } from '../../stack/embedded-stack';
import { cliContext } from '../context';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run the whole service on this machine: a Temporal dev server with its Web UI (unless TEMPORAL_ADDRESS is set), all workers, and local emulators for vendors without credentials.')
    .addHelpText('after', '\nExamples:\n  npm start\n  TEMPORAL_ADDRESS=localhost:7233 npm start')
    .action(async () => {
      const { config, log } = cliContext();
      installRuntime(config);
      const stack = await startEmbeddedStack(config, log);
      log.info(`Temporal: ${stack.temporalAddress}`);
      if (stack.uiUrl) log.info(`Temporal Web UI: ${stack.uiUrl}`);
      log.info('Ready. Press Ctrl-C to stop.');
      await stack.run();
      log.info('Stopped.');
    });
}
