/**
 * Our business metrics, with prom-client (the Node.js Prometheus client most services use):
 * posts by final status, failed posts by step, AI calls and tokens by step and model, Telegram
 * requests and 429s, flood-wait seconds, sheet sync changes. One registry per process, served
 * with the SDK's `temporal_*` series on METRICS_PORT (see `metrics-server.ts`). Labels never
 * carry post text, contacts or ids: only steps, models, methods, statuses and sheet names.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** The counters, on their registry. */
export interface BusinessMetrics {
  registry: Registry;
  /** Posts that reached a final status (published, duplicate, not_car, failed); a retried post that ends again counts again. */
  postsFinished: Counter<'status'>;
  /** Posts that failed, by the step they failed at. */
  postsFailed: Counter<'step'>;
  aiCalls: Counter<'step' | 'model'>;
  /** Tokens, `type` prompt or completion. */
  aiTokens: Counter<'step' | 'model' | 'type'>;
  /** Bot API requests by method and outcome (ok, rate_limited, refused, error). */
  telegramRequests: Counter<'method' | 'outcome'>;
  /** 429 answers by method. */
  telegramRateLimited: Counter<'method'>;
  /** Seconds Telegram asked us to wait (the 429s' retry_after), by method. */
  floodWaitSeconds: Counter<'method'>;
  /** Rows a sheet sync added, changed or deactivated in the database, by sheet. */
  sheetSyncChanges: Counter<'sheet' | 'change'>;
}

/** A fresh registry with our counters (tests use their own; processes share `processMetrics()`). */
export function createBusinessMetrics(options: { processMetrics?: boolean } = {}): BusinessMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'carsbot_' });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    postsFinished: counter('carsbot_posts_finished_total', 'Posts that reached a final status (published, duplicate, not_car, failed).', ['status']),
    postsFailed: counter('carsbot_posts_failed_total', 'Posts that failed, by the pipeline step they failed at.', ['step']),
    aiCalls: counter('carsbot_ai_calls_total', 'OpenAI chat completions answered, by pipeline step and model.', ['step', 'model']),
    aiTokens: counter('carsbot_ai_tokens_total', 'OpenAI tokens by pipeline step, model and type (prompt or completion).', ['step', 'model', 'type']),
    telegramRequests: counter('carsbot_telegram_requests_total', 'Telegram Bot API requests by method and outcome (ok, rate_limited, refused, error).', ['method', 'outcome']),
    telegramRateLimited: counter('carsbot_telegram_rate_limited_total', 'Telegram 429 (Too Many Requests) answers by method.', ['method']),
    floodWaitSeconds: counter('carsbot_telegram_flood_wait_seconds_total', 'Seconds Telegram asked to wait in its 429 answers (retry_after), by method.', ['method']),
    sheetSyncChanges: counter('carsbot_sheet_sync_changes_total', 'Rows a sheet sync added, changed or deactivated in the database, by sheet.', ['sheet', 'change']),
  };
}

let shared: BusinessMetrics | undefined;

/** The process's metrics, with Node.js process metrics (memory, event loop) beside ours. */
export function processMetrics(): BusinessMetrics {
  shared ??= createBusinessMetrics({ processMetrics: true });
  return shared;
}

const FINAL_STATUSES = new Set(['published', 'duplicate', 'not_car', 'failed']);

/** The store's status-change hook that counts final statuses and failures. */
export function countPostOutcomes(metrics: BusinessMetrics): (change: { to: string; failedStep?: string }) => void {
  return ({ to, failedStep }) => {
    if (!FINAL_STATUSES.has(to)) return;
    metrics.postsFinished.inc({ status: to });
    if (to === 'failed') metrics.postsFailed.inc({ step: failedStep ?? 'unknown' });
  };
}
