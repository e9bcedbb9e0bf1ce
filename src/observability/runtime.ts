/**
 * Installs the Temporal SDK runtime once per process, before any worker or connection exists:
 * its log level follows ours, and with METRICS_PORT the SDK's metrics are exported for our metrics endpoint.
 */
import { DefaultLogger, Runtime, type LogEntry, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { freeLoopbackPort } from './metrics-server';

// The SDK's INFO lines (bundler output, state changes) are noise at our `info`; they show at `debug`.
const LEVELS: Record<AppConfig['logLevel'], SdkLogLevel> = { debug: 'INFO', info: 'WARN', warn: 'WARN', error: 'ERROR' };

/**
 * SDK warnings that describe our design, not a problem: every activity-only worker (one per
 * queue) says it polls no workflow tasks (and a workflow-only one, no activity tasks). Shown at
 * `debug` only.
 */
const EXPECTED_WARNINGS = [/^No workflows registered, not polling for workflow tasks$/, /^No activities registered, not polling for activity tasks$/];

/** Whether an SDK log entry is worth showing at the configured level. */
export function sdkLogFilter(level: AppConfig['logLevel']): (entry: Pick<LogEntry, 'level' | 'message'>) => boolean {
  return (entry) => level === 'debug' || entry.level !== 'WARN' || !EXPECTED_WARNINGS.some((re) => re.test(entry.message));
}

export interface RuntimeOptions {
  /**
   * Let the SDK stop the workers on SIGINT/SIGTERM. Off where the command handles signals itself
   * (`start`, `worker`): the SDK forgets its handlers after the first signal, so a second Ctrl-C
   * would kill the process outright and leave the dev server running.
   */
  sdkHandlesSignals?: boolean;
}

/**
 * Installs the runtime; with METRICS_PORT, the SDK's exporter listens on a free loopback port
 * and `startMetricsServer` serves it with ours on METRICS_HOST:METRICS_PORT. Returns the
 * exporter's URL for that server.
 */
export async function installRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<{ sdkMetricsUrl?: string }> {
  const sdkPort = config.metricsPort ? await freeLoopbackPort() : undefined;
  const show = sdkLogFilter(config.logLevel);
  const fallback = new DefaultLogger(LEVELS[config.logLevel]);
  Runtime.install({
    logger: new DefaultLogger(LEVELS[config.logLevel], (entry) => {
      if (show(entry)) fallback.log(entry.level, entry.message, entry.meta);
    }),
    shutdownSignals: options.sdkHandlesSignals === false ? [] : undefined,
    telemetryOptions: sdkPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkPort}` } } } : undefined,
  });
  return sdkPort ? { sdkMetricsUrl: `http://127.0.0.1:${sdkPort}/metrics` } : {};
}
