/**
 * Installs the Temporal SDK runtime once per process, before any worker or connection exists:
 * its log level follows ours, and with METRICS_PORT the workers' metrics are served to Prometheus.
 */
import { DefaultLogger, Runtime, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import type { AppConfig } from '../config';

// The SDK's INFO lines (bundler output, state changes) are noise at our `info`; they show at `debug`.
const LEVELS: Record<AppConfig['logLevel'], SdkLogLevel> = { debug: 'INFO', info: 'WARN', warn: 'WARN', error: 'ERROR' };

export function installRuntime(config: AppConfig): void {
  Runtime.install({
    logger: new DefaultLogger(LEVELS[config.logLevel]),
    telemetryOptions: config.metricsPort ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.metricsPort}` } } } : undefined,
  });
}
