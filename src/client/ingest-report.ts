/**
 * The report of a bulk intake: one entry per post with everything a script needs (status,
 * classification, fields, description, AI spend, published messages, error), the lines that
 * were skipped, and counts by status.
 */
import type { Store } from '../db';
import type { IngestOutcome } from './ingest';

export interface IngestReport {
  summary: { lines: number; submitted: number; invalidLines: number; byStatus: Record<string, number> };
  posts: Record<string, unknown>[];
  invalidLines: { line: number; message: string }[];
}

export async function buildIngestReport(outcomes: IngestOutcome[], invalid: { line: number; message: string }[], store: Store): Promise<IngestReport> {
  const byStatus: Record<string, number> = {};
  const posts = [];
  for (const o of outcomes) {
    const status = o.result?.status ?? 'error';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const stored = o.result ? await store.getPost(o.result.postId) : undefined;
    posts.push({
      line: o.line,
      workflowId: o.workflowId,
      source: o.post.source,
      messageId: o.post.messageId,
      status,
      postId: o.result?.postId ?? null,
      classification: stored?.classification ?? null,
      extracted: stored?.classification?.isCarAd ? stored.extracted : null,
      description: stored?.description ?? null,
      duplicateOf: stored?.duplicateOf ?? null,
      published: stored?.published ?? null,
      aiCalls: stored?.aiUsage.calls ?? 0,
      aiTokens: stored ? { prompt: stored.aiUsage.promptTokens, completion: stored.aiUsage.completionTokens } : { prompt: 0, completion: 0 },
      error: o.error ?? o.result?.error ?? stored?.error ?? null,
    });
  }
  return {
    summary: { lines: outcomes.length + invalid.length, submitted: outcomes.filter((o) => o.workflowId).length, invalidLines: invalid.length, byStatus },
    posts,
    invalidLines: invalid,
  };
}

/** A few lines for people, when `--report table` is asked for. */
export function formatIngestReport(report: IngestReport): string {
  const rows = report.posts.map((p) => `${String(p.line).padStart(4)}  ${String(p.status).padEnd(10)} ${String(p.workflowId).padEnd(32)} ${p.error ?? ''}`.trimEnd());
  const counts = Object.entries(report.summary.byStatus).map(([k, v]) => `${k} ${v}`).join(', ');
  const invalid = report.invalidLines.map((l) => `line ${l.line}: ${l.message}`);
  return [...rows, '', `${report.summary.submitted} posts: ${counts}`, ...(invalid.length ? ['skipped:', ...invalid] : [])].join('\n');
}
