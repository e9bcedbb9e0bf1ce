/**
 * A post report as a few lines for people — the bot's `/post` and `cars-bot post status` print
 * the same thing. Seller contacts are not in the report, so they can't be printed.
 */
import type { PostReport } from './post-lookup';

/** The report as plain text. */
export function formatPostReport(r: PostReport): string {
  const f = r.fields;
  const car = f ? [f.make, f.model, f.year].filter((x) => x !== null).join(' ') : '';
  const price = f && f.price !== null ? `${f.price.toLocaleString('en-US').replace(/,/g, ' ')} ${f.currency ?? ''}`.trim() : '';
  const lines = [`Post ${r.postId ?? '(not stored yet)'} · ${r.workflowId}`, `Status: ${r.status}${r.workflow ? ` · workflow ${r.workflow.status}` : ''}`];
  if (r.scheduledFor) lines.push(`Scheduled for ${r.scheduledFor.slice(0, 10)} ${r.scheduledFor.slice(11, 19)} UTC (submitted with a delay; nothing runs before then)`);
  if (r.progress) lines.push(`Progress: ${r.progress.step}, ${r.progress.percent} %`);
  if (r.progress?.waiting) lines.push(`Waiting: ${r.progress.waiting.text} (quiet hours; goes out at ${r.progress.waiting.until.slice(0, 10)} ${r.progress.waiting.until.slice(11, 19)} UTC)`);
  for (const step of r.retrying) {
    const next = step.nextAttemptAt ? `, next attempt at ${step.nextAttemptAt.slice(11, 19)} UTC` : step.state === 'STARTED' ? ', attempt running now' : '';
    lines.push(`Retrying ${step.activity}: attempt ${step.attempt}${next}${step.lastError ? ` — last error: ${step.lastError}` : ''}`);
  }
  if (car || price) lines.push([car, price].filter(Boolean).join(' · '));
  if (r.duplicateOf) lines.push(`Duplicate of post ${r.duplicateOf}`);
  if (r.published) lines.push(`Published in ${r.published.chatId}: message ${r.published.messageIds.join(', ')}`);
  if (r.error) lines.push(`Error${r.failedStep ? ` (at ${r.failedStep})` : ''}: ${r.error}`);
  for (const note of r.notes) lines.push(`Note: ${note}`);
  if (r.status === 'failed') lines.push(`Retry: cars-bot post retry ${r.workflowId}`);
  return lines.join('\n');
}
