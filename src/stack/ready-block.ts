/**
 * What `npm start` prints once everything answers: one block with every address a newcomer
 * needs (Temporal, Web UI, API and its docs, where the token is, the emulators), and the line
 * that points the `temporal` CLI at this server.
 */
import path from 'node:path';
import type { EmbeddedStack } from './embedded-stack';

export type ReadyInfo = Pick<EmbeddedStack, 'temporalAddress' | 'uiUrl' | 'localTemporal' | 'apiUrl' | 'dashboardUrl' | 'apiToken' | 'emulatorUrls' | 'config'>;

const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

/** The block's lines, without trailing newline. */
export function formatReadyBlock(stack: ReadyInfo, options: { seconds?: number; footer?: string; metricsUrl?: string } = {}): string {
  const { config } = stack;
  const rows: [string, string][] = [];
  rows.push(['Temporal', `${stack.temporalAddress}  (namespace ${config.temporal.namespace}${stack.localTemporal ? `, dev server, data in ${shown(path.resolve(config.dataDir, 'temporal.db'))}` : `, ${config.temporal.profile.describe()}`})`]);
  if (stack.uiUrl) rows.push(['Web UI', stack.uiUrl]);
  rows.push(['HTTP API', stack.apiUrl]);
  rows.push(['API docs', `${stack.apiUrl}/docs`]);
  rows.push(['Dashboard', `${stack.dashboardUrl}  (sign in with the API token)`]);
  rows.push(['API token', stack.apiToken ? `in ${shown(stack.apiToken.file)}  (curl -H "Authorization: Bearer $(cat ${shown(stack.apiToken.file)})" ${stack.apiUrl}/stats)` : 'one of API_TOKENS']);
  rows.push(['Metrics', options.metricsUrl ? `${options.metricsUrl}  (Prometheus: carsbot_* and temporal_*)` : 'off  (METRICS_PORT=9464 serves Prometheus metrics)']);
  rows.push(['Database', config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${shown(path.resolve(config.dataDir, 'pglite'))}`]);
  const { openai, telegram, sheets } = stack.emulatorUrls;
  if (openai) rows.push(['OpenAI', `emulator ${openai}`]);
  if (telegram) {
    const channel = config.telegram.channelId;
    const view = /^-?\d+$/.test(channel) ? channel : encodeURIComponent(channel.replace(/^@/, ''));
    rows.push(['Telegram', `emulator ${telegram}  (our channel: ${telegram}/chats/${view}, all chats: ${telegram}/chats)`]);
  }
  if (sheets) rows.push(['Google Sheets', `emulator ${sheets}  (spreadsheet ${config.sheets.spreadsheetId ?? ''})`.replace(' ()', '')]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const namespace = config.temporal.namespace === 'default' ? '' : ` TEMPORAL_NAMESPACE=${config.temporal.namespace}`;
  return [
    `Cars Bot is ready${options.seconds !== undefined ? ` (started in ${options.seconds.toFixed(1)} s)` : ''}:`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`),
    '',
    '  For the temporal CLI in another terminal:',
    `    export TEMPORAL_ADDRESS=${stack.temporalAddress}${namespace}`,
    '',
    options.footer ?? 'Press Ctrl-C to stop (in-flight work finishes first; Ctrl-C again to stop at once).',
  ].join('\n');
}
