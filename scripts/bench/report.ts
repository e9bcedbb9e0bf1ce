/** The bench's report as a person reads it: one block of figures per run. */
import os from 'node:os';
import type { BenchReport } from './run-bench';

const mb = (n: number) => `${n} MB`;

/** Retried activity attempts and redone workflow tasks: what a post that took a timeout's length shows. */
function retries(r: BenchReport): string {
  const t = r.temporal;
  const attempts = Object.values(t.retriedAttempts).reduce((a, b) => a + b, 0);
  const byType = Object.entries(t.retriedAttempts).map(([k, v]) => `${k} ${v}`).join(', ');
  const reasons = Object.entries(t.retryReasons).map(([k, v]) => `${v}× ${k}`).join('; ');
  const activities = attempts === 0 ? 'no activity attempt retried' : `${attempts} activity attempts retried (${byType}; after: ${reasons})`;
  return `${activities}; workflow tasks timed out ${t.workflowTaskTimeouts}, failed ${t.workflowTaskFailures}`;
}

export function formatBenchReport(r: BenchReport): string {
  const settings = Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(' ');
  const parts = (o: Record<string, number>, unit: (n: number) => string) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${unit(v)}`)
      .join(', ');
  const byType = Object.entries(r.temporal.activitiesByType)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const rows: [string, string][] = [
    ['posts', `${r.posts} car ads + ${r.duplicates} duplicates, OpenAI latency ${r.latencyMs} ms, database ${r.db}`],
    ['settings', settings],
    ['start-up', `${r.startupSeconds.toFixed(1)} s to ready`],
    ['throughput', `${r.postsPerSecond} posts/s (${r.posts + r.duplicates} posts in ${r.wallSeconds} s)`],
    ['submit → done', `p50 ${r.submitToDone.p50} s, p99 ${r.submitToDone.p99} s, max ${r.submitToDone.max} s`],
    ['outcomes', Object.entries(r.statuses).map(([k, v]) => `${k} ${v}`).join(', ')],
    [
      'CPU',
      r.cpuSeconds.measured
        ? `${r.cpuSeconds.total} s in all, ${r.cpuSeconds.perPost} s per post (${parts(r.cpuSeconds.byPart, (n) => `${n} s`)}; emulators apart: ${r.cpuSeconds.emulators} s)`
        : 'not measured (needs Linux /proc)',
    ],
    ['CPU by thread', r.cpuSeconds.measured ? parts(r.cpuSeconds.byThread, (n) => `${n} s`) : 'not measured'],
    ['peak memory', r.cpuSeconds.measured ? `${mb(r.peakMemoryMb.total)} (${parts(r.peakMemoryMb.byPart, mb)})` : 'not measured'],
    ['Temporal per post', `${r.temporal.eventsPerPost} events, ${r.temporal.workflowTasksPerPost} workflow tasks, ${r.temporal.activitiesPerPost} activities, ${r.temporal.localActivitiesPerPost} local activities, ${r.temporal.childWorkflowsPerPost} child workflows`],
    ['activities per post', byType || 'none'],
    ['retries in the run', retries(r)],
    ['OpenAI', `${r.openai.calls} calls, ${r.openai.callsPerPost} per post, ${r.openai.tokensPerPost} tokens per post (${r.openai.promptTokens} prompt + ${r.openai.completionTokens} completion)`],
    ['load average', `${r.loadAverage[0]} at the start, ${r.loadAverage[1]} at the end on ${os.cpus().length} cores`],
    ['AI calls per post', `car ad ${r.openai.callsPerCarAd.join('-')}, duplicate ${r.openai.callsPerDuplicate.join('-')}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`);
  if (r.problems.length > 0) lines.push('', '  problems:', ...r.problems.map((p) => `    ${p}`));
  return ['Cars Bot bench', ...lines].join('\n');
}
