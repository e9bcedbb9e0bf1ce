/** Prints the Markdown table of settings for the README (`npx tsx scripts/config-table.ts`). */
import { SETTINGS } from '../src/config/env-schema';

const rows = Object.entries(SETTINGS).map(([name, s]) => {
  const def = 'default' in s ? (s.default === '' ? '(empty)' : `\`${s.default}\``) : '—';
  return `| \`${name}\` | ${def} | ${'secret' in s && s.secret ? 'secret. ' : ''}${s.doc.replace(/\|/g, '\\|')} |`;
});
console.log(['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n'));
