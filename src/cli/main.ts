/**
 * `cars-bot`: the one command-line entry — run the embedded stack, run workers for chosen
 * queues, and operate the service (health, jobs, schedules, posts).
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { registerEmulators } from './commands/emulators';
import { registerHealth } from './commands/health';
import { registerJob } from './commands/job';
import { registerPost } from './commands/post';
import { registerSchedules } from './commands/schedules';
import { registerServe } from './commands/serve';
import { registerStart } from './commands/start';
import { registerWorker } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command('cars-bot')
    .description('Cars Bot on Temporal: car-sale posts from Telegram channels → OpenAI → our channel.')
    .showHelpAfterError()
    .addHelpText('after', '\nSettings come from environment variables (and .env); see README.md, "Configuration".');
  registerStart(program);
  registerWorker(program);
  registerHealth(program);
  registerEmulators(program);
  registerServe(program);
  registerSchedules(program);
  registerJob(program);
  registerPost(program);
  return program;
}

/** Parses argv and runs the command; errors become one readable line and an exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

if (require.main === module) {
  void run(process.argv);
}
