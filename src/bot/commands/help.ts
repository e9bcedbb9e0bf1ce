/** `/help` and the answer to anything the bot doesn't understand: what it can do for this user. */

/** What the bot offers everyone, and admins. */
export function helpText(admin: boolean): string {
  const everyone = ['I publish car listings. Tap "📞 Contacts" under a listing and I send you the seller\'s contacts (for subscribers).'];
  if (!admin) return everyone.join('\n');
  return [
    ...everyone,
    '',
    'Admin commands:',
    '/stats — today\'s figures',
    '/health — the last health check',
    '/run <job> — run a scheduled job now',
    '/post <id> — status and progress of a post',
    '/retry <id> — run a failed post again from where it failed',
    'Forward me a channel post to submit it.',
  ].join('\n');
}
