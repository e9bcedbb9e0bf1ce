/**
 * The update kinds the bot handles, sent as `allowed_updates` to getUpdates and setWebhook, so
 * Telegram doesn't deliver (and we don't pay for) anything else: posts in the source channels,
 * and messages to the bot (commands, `/start contact_<id>`, admins' forwards). Listing buttons
 * are links, not callbacks, so `callback_query` is not among them.
 */
export const ALLOWED_UPDATES = ['channel_post', 'message'] as const;
