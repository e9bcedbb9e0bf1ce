/**
 * `cars-bot monitor login`: signs a user account in once (phone number, the code Telegram sends,
 * the 2FA password when the account has one) through GramJS, and prints the session string the
 * MTProto reader needs as TELEGRAM_SESSION. Nothing is written anywhere: the session is a login,
 * and where it is kept is the operator's choice.
 */
import type { Command } from 'commander';

export function registerMonitor(program: Command): void {
  const monitor = program.command('monitor').summary('the channel watchers\' user account (MTProto)').description('The user account the channel watchers read private channels with (MTProto, GramJS).');
  monitor
    .command('login')
    .summary('sign the reading account in once and print TELEGRAM_SESSION')
    .description(
      'Signs a Telegram user account in with TELEGRAM_API_ID and TELEGRAM_API_HASH (from my.telegram.org): asks for the phone number, the login code Telegram sends and, if the account has one, its two-step verification password, then prints the session string to put in .env as TELEGRAM_SESSION. Keep it secret: it logs in as that account.',
    )
    .option('--phone <number>', 'the account\'s phone number, international format (asked when not given)')
    .addHelpText('after', '\nExamples:\n  TELEGRAM_API_ID=123456 TELEGRAM_API_HASH=0123456789abcdef0123456789abcdef cars-bot monitor login\n  cars-bot monitor login --phone +77011234567')
    .action(async (opts: { phone?: string }) => {
      const { cliContext } = await import('../context');
      const { config } = cliContext();
      const app = config.monitor.app;
      if (!app) throw new Error('set TELEGRAM_API_ID and TELEGRAM_API_HASH first (my.telegram.org → API development tools)');
      const { createInterface } = await import('node:readline/promises');
      const { createMtprotoLoginClient } = await import('../../workers/clients');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const ask = async (question: string) => (await rl.question(question)).trim();
      const client = await createMtprotoLoginClient(app);
      try {
        await client.start({
          phoneNumber: async () => opts.phone ?? (await ask('Phone number (+7…): ')),
          phoneCode: async () => ask('The code Telegram sent: '),
          password: async () => ask('Two-step verification password: '),
          onError: (err) => {
            process.stderr.write(`Telegram: ${err.message}\n`);
          },
        });
        const session = client.session.save() as unknown as string;
        process.stderr.write('Signed in. Put this line in .env (it logs in as the account: keep it secret):\n');
        process.stdout.write(`TELEGRAM_SESSION=${session}\n`);
      } finally {
        rl.close();
        await client.disconnect().catch(() => undefined);
      }
    });
}
