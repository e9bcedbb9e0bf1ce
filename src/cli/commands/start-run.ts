/**
 * `npm start`: the embedded stack in the foreground — a ready block with every address, a
 * "stopping…" line while in-flight work drains, and nothing left running on any way out.
 */
import fs from 'node:fs';
import { parsePostLines } from '../../common/post-input';
import { submitPosts, waitForPosts } from '../../client/ingest';
import { buildIngestReport, formatIngestReport } from '../../client/ingest-report';
import type { Logger } from '../../observability/logger';
import { processMetrics } from '../../observability/metrics';
import { startMetricsServer } from '../../observability/metrics-server';
import { installRuntime } from '../../observability/runtime';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack';
import { assertPortsFree } from '../../stack/ports';
import { formatReadyBlock } from '../../stack/ready-block';
import { cliContext } from '../context';
import { createProgress } from '../progress';
import { handleShutdownSignals } from '../shutdown-signals';
import type { StartOptions } from './start';

/** Submits the file's posts; with --until-idle waits for all of them and prints the report. */
async function ingest(stack: EmbeddedStack, file: string, opts: StartOptions, log: Logger): Promise<void> {
  const { posts, errors } = parsePostLines(fs.readFileSync(file, 'utf8'));
  for (const e of errors) log.warn(`${file}:${e.line}: skipped: ${e.message}`);
  const submitting = createProgress('submitting', posts.length);
  const submitted = await submitPosts(stack.client, posts, { onSubmitted: (n) => submitting.update(n) });
  submitting.finish();
  if (!opts.untilIdle) {
    log.info(`${submitted.filter((s) => s.started).length} new post workflows started from ${file}`);
    return;
  }
  const counts: Record<string, number> = {};
  const waiting = createProgress('processing', submitted.length);
  const outcomes = await waitForPosts(stack.client, submitted, {
    onClosed: (o, n) => {
      const status = o.result?.status ?? 'error';
      counts[status] = (counts[status] ?? 0) + 1;
      waiting.update(n, Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '));
    },
  });
  waiting.finish(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '));
  const report = await buildIngestReport(outcomes, errors, stack.store);
  process.stdout.write(opts.report === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatIngestReport(report)}\n`);
}

export async function runStart(opts: StartOptions): Promise<void> {
  if (!['json', 'table'].includes(opts.report)) throw new Error(`--report: expected json or table, got "${opts.report}"`);
  if (opts.untilIdle && !opts.ingest) throw new Error('--until-idle needs --ingest <file>');
  if (opts.ingest && !fs.existsSync(opts.ingest)) throw new Error(`--ingest: no such file: ${opts.ingest}`);
  const { config } = cliContext();
  if (config.metricsPort) await assertPortsFree([{ host: config.metricsHost, port: config.metricsPort, variable: 'METRICS_PORT' }]);
  const { sdkMetricsUrl } = await installRuntime(config, { sdkHandlesSignals: false });
  const metricsServer = config.metricsPort
    ? await startMetricsServer({ host: config.metricsHost, port: config.metricsPort, metrics: processMetrics(), sdkUrl: sdkMetricsUrl })
    : undefined;
  try {
    await runStack(opts, metricsServer?.url);
  } finally {
    await metricsServer?.close();
  }
}

async function runStack(opts: StartOptions, metricsUrl: string | undefined): Promise<void> {
  const { config, log } = cliContext();

  const abort = new AbortController();
  let stack: EmbeddedStack | undefined;
  let stopRequested = false;
  const stopSignals = handleShutdownSignals({
    graceful: () => {
      stopRequested = true;
      if (stack) {
        log.info(`stopping… in-flight activities get up to ${config.worker.shutdownGraceMs / 1000} s to finish (Ctrl-C again to stop at once)`);
        stack.shutdown();
      } else {
        log.info('stopping… once the current start-up step is done (Ctrl-C again to stop at once)');
        abort.abort();
      }
    },
    // Before the stack exists the dev server goes with the process (its exit hook kills it).
    force: async () => {
      log.warn('stopping at once');
      await stack?.stopNow();
    },
  });
  try {
    log.info(config.temporal.address ? `starting Cars Bot against Temporal at ${config.temporal.address}…` : 'starting Cars Bot: Temporal dev server, database, emulators, workers, API…');
    try {
      stack = await startEmbeddedStack(config, log, { signal: abort.signal });
    } catch (err) {
      if (!abort.signal.aborted) throw err;
      log.info('stopped.');
      return;
    }
    const running = stack.run();
    running.catch(() => undefined); // awaited below; a worker failure must not end the process before the cleanup
    if (stopRequested) stack.shutdown();
    if (!stopRequested && (config.logLevel === 'info' || config.logLevel === 'debug')) {
      const footer = opts.untilIdle ? `Processing ${opts.ingest}: the report goes to stdout when every post is done, then everything stops.` : undefined;
      process.stderr.write(`\n${formatReadyBlock(stack, { seconds: process.uptime(), footer, metricsUrl })}\n\n`);
    }
    if (opts.ingest && !stopRequested) {
      try {
        await ingest(stack, opts.ingest, opts, log);
      } catch (err) {
        if (!stopRequested) {
          stack.shutdown();
          await running.catch(() => undefined);
          throw err;
        }
      }
      if (opts.untilIdle) stack.shutdown();
    }
    await running;
    log.info('stopped.');
  } finally {
    stopSignals();
  }
}
