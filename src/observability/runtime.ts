/**
 * Installs the Temporal SDK runtime once per process, before any worker or connection exists:
 * its logs go to ours (pino) at our level, and with METRICS_PORT the SDK's metrics are exported for our metrics endpoint.
 */
import { Runtime, type LogEntry, type LogLevel as SdkLogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { createLogger, type Logger } from './logger';
import { freeLoopbackPort } from './metrics-server';

const RANK: Record<SdkLogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
/** The lowest SDK level shown at each of ours. */
const FLOOR: Record<AppConfig['logLevel'], SdkLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };
/**
 * Components whose lines are our code's: an activity's `log` and a workflow's `log` (its sink).
 * The SDK's own INFO lines (worker state changes, bundler output) are noise at our `info`: they
 * show at `debug`.
 */
const OUR_COMPONENTS = new Set<unknown>(['activity', 'workflow']);
/** Metadata that is noise in a line: the task token is an opaque blob. */
const DROPPED_META = new Set(['taskToken']);

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

/**
 * The SDK's logger, forwarding to ours at our level: activity and workflow lines at `info`, the
 * SDK's own at `warn` (at `debug`, everything but TRACE).
 */
export function sdkLogger(log: Logger, level: AppConfig['logLevel']): SdkLogger {
  const show = sdkLogFilter(level);
  const floor = RANK[FLOOR[level]];
  const emit = (at: SdkLogLevel, message: string, meta?: LogMetadata) => {
    const ours = OUR_COMPONENTS.has(meta?.sdkComponent);
    if (RANK[at] < (ours || level !== 'info' ? floor : RANK.WARN) || !show({ level: at, message })) return;
    const fields = meta && Object.fromEntries(Object.entries(meta).filter(([k, v]) => v !== undefined && !DROPPED_META.has(k)));
    if (at === 'ERROR') log.error(message, fields);
    else if (at === 'WARN') log.warn(message, fields);
    else if (at === 'INFO') log.info(message, fields);
    else log.debug(message, fields);
  };
  return {
    log: emit,
    trace: (message, meta) => emit('TRACE', message, meta),
    debug: (message, meta) => emit('DEBUG', message, meta),
    info: (message, meta) => emit('INFO', message, meta),
    warn: (message, meta) => emit('WARN', message, meta),
    error: (message, meta) => emit('ERROR', message, meta),
  };
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
  Runtime.install({
    logger: sdkLogger(createLogger(config.logLevel, { format: config.logFormat }), config.logLevel),
    shutdownSignals: options.sdkHandlesSignals === false ? [] : undefined,
    telemetryOptions: sdkPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkPort}` } } } : undefined,
  });
  return sdkPort ? { sdkMetricsUrl: `http://127.0.0.1:${sdkPort}/metrics` } : {};
}
