/** Keeps the SDK's INFO lines (worker state changes, bundler output) and its expected warnings out of test output. */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sdkLogFilter } from '../../src/observability/runtime';

const show = sdkLogFilter('info');
const logger = new DefaultLogger('WARN');
Runtime.install({ logger: new DefaultLogger('WARN', (entry) => show(entry) && logger.log(entry.level, entry.message, entry.meta)) });
