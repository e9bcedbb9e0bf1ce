/** `/health`: the last health check's verdict per dependency, and how old it is. */
import type { BotDeps } from '../bot-deps';
import { latestHealth, type LatestHealth } from '../../client/latest-health';

function age(checkedAt: string, now: Date): string {
  const minutes = Math.round((now.getTime() - new Date(checkedAt).getTime()) / 60_000);
  return minutes <= 0 ? 'just now' : `${minutes} min ago`;
}

/** The report as a short message for an admin. */
export function formatHealth({ report, ranNow }: LatestHealth, now = new Date()): string {
  const icon = { ok: '✅', down: '❌', skipped: '➖' } as const;
  return [
    `${report.healthy ? '✅ Healthy' : '❌ Unhealthy'} — checked ${age(report.checkedAt, now)}${ranNow ? ' (run now: none on record)' : ''}`,
    ...report.checks.map((c) => `${icon[c.status]} ${c.component}: ${c.status}${c.status === 'skipped' ? '' : `, ${c.latencyMs} ms`}${c.detail ? ` — ${c.detail}` : ''}`),
  ].join('\n');
}

/** The answer to `/health`. */
export async function healthReply(deps: BotDeps): Promise<string> {
  return formatHealth(await latestHealth(deps.client, { waitMs: deps.healthWaitMs }));
}
