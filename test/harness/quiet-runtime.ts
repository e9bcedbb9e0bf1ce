/** Keeps the SDK's INFO lines (worker state changes, bundler output) out of test output. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
