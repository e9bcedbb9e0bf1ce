/** What every command needs: the validated config and a logger. */
import { loadConfig, type AppConfig } from '../config';
import { createLogger, type Logger } from '../observability/logger';

export function cliContext(): { config: AppConfig; log: Logger } {
  const config = loadConfig();
  return { config, log: createLogger(config.logLevel, { format: config.logFormat }) };
}
