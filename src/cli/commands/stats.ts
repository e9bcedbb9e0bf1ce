/** `cars-bot stats`: the figures the API's `/stats` and the bot's `/stats` give, from the database. */
import type { Command } from 'commander';

/** `--hours`: a whole number from 1 to 168, as the API takes it. */
export function parseHours(value: string): number {
  const hours = /^\d{1,3}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(hours >= 1 && hours <= 168)) throw new Error(`--hours: expected a whole number of hours from 1 to 168 (7 days), got "${value.slice(0, 20)}"`);
  return hours;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .summary("the service's figures: posts by status, published, failed, AI calls and tokens")
    .description(
      "The service's figures over the last hours (default 24) or today, counted in the database: the same as the HTTP API's GET /stats and the bot's /stats. Needs DATABASE_URL (the embedded database belongs to the running stack).",
    )
    .option('--hours <n>', 'the last this many hours, 1 to 168 (default 24)')
    .option('--today', "since midnight in the operators' time zone (SCHEDULE_TIMEZONE), as the bot's /stats")
    .option('--json', 'print the figures as JSON')
    .addHelpText('after', '\nExamples:\n  DATABASE_URL=postgres://… cars-bot stats\n  cars-bot stats --hours 2 --json\n  cars-bot stats --today')
    .action(async (opts: { hours?: string; today?: boolean; json?: boolean }) => {
      if (opts.hours !== undefined && opts.today) throw new Error('give --hours or --today, not both');
      const hours = opts.hours === undefined ? 24 : parseHours(opts.hours);
      const { cliContext } = await import('../context');
      const { withDatabaseStore } = await import('../database-store');
      const { formatFigures, readStats } = await import('../../client/stats');
      const { config } = cliContext();
      const stats = await withDatabaseStore(config, 'stats', (store) =>
        readStats(store, opts.today ? { today: true, timeZone: config.schedules.timezone } : { hours }),
      );
      process.stdout.write(`${opts.json ? JSON.stringify(stats, null, 2) : formatFigures(stats)}\n`);
    });
}
