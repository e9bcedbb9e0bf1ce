/** Every workflow type the `cars-bot` task queue runs. */
export { healthCheck } from './health-check';
export { checkSubscriptions } from './check-subscriptions';
export { collectStats } from './collect-stats';
export { cleanup } from './cleanup';
export { processPost } from './process-post';
export { publishPost } from './publish-post';
export { sendContactInfo } from './send-contact-info';
export { syncChannels } from './sync-channels';
export { syncSubscribers } from './sync-subscribers';
export { updateAnalytics } from './update-analytics';
export { exportEvents } from './export-events';
export { watchChannel } from './watch-channel';
