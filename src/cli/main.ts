/**
 * `cars-bot`: the one command-line entry — run the embedded stack, run workers for chosen
 * queues, and operate the service (health, jobs, schedules, posts).
 *
 * Only commander and the commands' descriptions load up front: each command loads its
 * implementation (the Temporal SDK, the database, the vendors' clients) when it runs, so
 * `--help` and `--version` answer at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error';
import { registerDeploy } from './commands/deploy';
import { registerEmulators } from './commands/emulators';
import { registerHealth } from './commands/health';
import { registerJob } from './commands/job';
import { registerMonitor } from './commands/monitor';
import { registerPost } from './commands/post';
import { registerSchedules } from './commands/schedules';
import { registerStats } from './commands/stats';
import { registerServe } from './commands/serve';
import { registerStart } from './commands/start';
import { registerWorker } from './commands/worker';

/** The package's version (package.json is two folders up from src/cli and dist/cli alike). */
function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const EXAMPLES = `
Examples:
  npm start                                       everything on this machine; prints every address
  cars-bot health                             is every dependency up?
  cars-bot post submit --file test/fixtures/posts.jsonl --wait
  cars-bot post status post-cars_kz-1042
  cars-bot schedules list                     next runs, last results, pauses
  cars-bot job run sync-channels --wait       run a job now and print its result
  TEMPORAL_ADDRESS=temporal:7233 cars-bot worker --queues ai
  cars-bot <command> --help                   a command's options and examples

Commands but start and emulators use TEMPORAL_ADDRESS, or the server \`npm start\` runs.
Settings come from environment variables (and .env): README.md, "Configuration".`;

export function buildProgram(): Command {
  const program = new Command('cars-bot')
    .description('Cars Bot on Temporal: car-sale posts from Telegram channels → OpenAI → our channel.')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError()
    // A bad argument (`health --recheck abc`), --help and --version throw a CommanderError that
    // `run` turns into the exit code, instead of commander's process.exit inside the command:
    // the command tree can run in-process (tests) and the process ends as it would anyway.
    // Set before the commands are added: each copies it.
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  registerStart(program);
  registerWorker(program);
  registerHealth(program);
  registerEmulators(program);
  registerServe(program);
  registerSchedules(program);
  registerJob(program);
  registerPost(program);
  registerStats(program);
  registerDeploy(program);
  registerMonitor(program);
  return program;
}

/** One error, as the lines the user sees: each problem starts with `error:`. */
export function formatCliError(err: unknown): { text: string; exitCode: number } {
  if (err instanceof ConfigError) return { text: `error: ${err.message}\n`, exitCode: 2 };
  const message = err instanceof Error ? err.message : String(err);
  return { text: `error: ${message}\n`, exitCode: 1 };
}

/** Parses argv and runs the command; errors become readable lines and an exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const { text, exitCode } = formatCliError(err);
    process.stderr.write(text);
    process.exitCode = exitCode;
  }
}

/** The process entry (bin/cars-bot.js): runs the command, then makes sure a failed one exits. */
export async function main(argv: string[]): Promise<void> {
  await run(argv);
  // A failed start may leave a native handle behind; never let it keep the process alive.
  if (process.exitCode) setTimeout(() => process.exit(), 3_000).unref();
}

if (require.main === module) {
  void main(process.argv);
}
