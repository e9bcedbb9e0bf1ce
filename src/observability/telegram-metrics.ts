/**
 * Counts every Bot API request of a grammY `Api` by method and outcome, and the 429s with
 * the seconds they asked to wait: one transformer on the client, so no send path can forget it.
 */
import type { Api, Transformer } from 'grammy';
import type { BusinessMetrics } from './metrics';

/** The transformer; installed with `api.config.use(...)`. */
export function telegramMetricsTransformer(metrics: BusinessMetrics): Transformer {
  return async (prev, method, payload, signal) => {
    let outcome = 'error';
    try {
      const result = await prev(method, payload, signal);
      if (result.ok) outcome = 'ok';
      else if (result.error_code === 429) {
        outcome = 'rate_limited';
        metrics.telegramRateLimited.inc({ method });
        const wait = result.parameters?.retry_after;
        if (typeof wait === 'number' && wait > 0) metrics.floodWaitSeconds.inc({ method }, wait);
      } else outcome = 'refused';
      return result;
    } finally {
      metrics.telegramRequests.inc({ method, outcome });
    }
  };
}

/** Installs the transformer on `api` and returns it. */
export function withTelegramMetrics(api: Api, metrics: BusinessMetrics): Api {
  api.config.use(telegramMetricsTransformer(metrics));
  return api;
}
