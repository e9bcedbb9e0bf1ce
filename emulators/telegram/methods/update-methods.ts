/**
 * getUpdates, setWebhook, deleteWebhook and getWebhookInfo: the two ways a bot receives
 * updates, mutually exclusive as in Telegram (getUpdates answers 409 while a webhook is set).
 */
import { badRequest, conflict } from '../errors';
import type { BotParams } from '../params';
import type { BotMethod } from './bot-method';

/** getUpdates: long polling with offset, limit, timeout and allowed_updates. */
export const getUpdates: BotMethod = async (params, ctx) => {
  if (ctx.webhook.active()) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const allowed = allowedUpdatesParam(params);
  if (allowed !== undefined) ctx.updates.setAllowedUpdates(allowed);
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeoutSeconds = Math.max(0, params.int('timeout') ?? 0);
  return ctx.updates.poll({ offset: params.int('offset'), limit, timeoutSeconds, signal: ctx.signal });
};

/** setWebhook: switches to push delivery (an empty url removes the webhook). */
export const setWebhook: BotMethod = (params, ctx) => {
  const url = params.string('url') ?? '';
  if (url === '') {
    ctx.webhook.clear();
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  // Telegram requires HTTPS on ports 80/88/443/8443; a local emulator accepts plain HTTP on any port.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secretToken = params.string('secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest('bad webhook: secret token contains unallowed characters');
  }
  const maxConnections = params.int('max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
  if (params.bool('drop_pending_updates')) ctx.updates.drop();
  ctx.webhook.set({
    url,
    ...(secretToken ? { secretToken } : {}),
    maxConnections,
    allowedUpdates: allowedUpdatesParam(params) ?? ctx.updates.allowedUpdates(),
  });
  return true;
};

/** deleteWebhook: back to getUpdates, optionally dropping what is pending. */
export const deleteWebhook: BotMethod = (params, ctx) => {
  ctx.webhook.clear();
  if (params.bool('drop_pending_updates')) ctx.updates.drop();
  return true;
};

/** getWebhookInfo: the webhook, its backlog and its last delivery error. */
export const getWebhookInfo: BotMethod = (_params, ctx) => ctx.webhook.info();

function allowedUpdatesParam(params: BotParams): string[] | undefined {
  const value = params.json('allowed_updates', "can't parse allowed updates JSON array");
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest("can't parse allowed updates JSON array");
  }
  return value as string[];
}
